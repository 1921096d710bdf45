using ChaosHarness.Experiments.Zones;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Zones;

/// <summary>ZoneLossThenRecovery against a fleet whose rollout controller moves a canary on without its pods available: the experiment must fail, naming the broken expectation.</summary>
[Category(DefectTwin.Category)]
public sealed class ZoneLossThenRecoveryTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Catches_canary_ignores_availability(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(ZoneLossThenRecovery), FleetDefect.CanaryIgnoresAvailability, cancellationToken);

        DefectTwin.AssertCaught(verdict, "Halts(Rollout shop/checkout in eu-west-1");
    }
}
