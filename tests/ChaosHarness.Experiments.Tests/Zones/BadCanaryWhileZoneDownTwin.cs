using ChaosHarness.Experiments.Zones;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Zones;

/// <summary>BadCanaryWhileZoneDown against a fleet whose aborted rollouts keep the canary's weight: the experiment must fail, naming the broken expectation.</summary>
[Category(DefectTwin.Category)]
public sealed class BadCanaryWhileZoneDownTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Catches_abort_keeps_canary_weight(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(BadCanaryWhileZoneDown), FleetDefect.AbortKeepsCanaryWeight, cancellationToken);

        DefectTwin.AssertCaught(verdict, "RollsBack(Rollout shop/checkout in eu-west-1");
    }
}
