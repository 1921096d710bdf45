using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Zones;

/// <summary>
/// The Smoke experiment against a fleet whose scheduler ignores taints: new pods keep landing on the lost zone's nodes,
/// never start, and the Deployment rollout cannot complete — the experiment must fail, naming the broken expectation.
/// </summary>
[Category(DefectTwin.Category)]
public sealed class ZoneLossDuringDeploymentRolloutTwin
{
    [Test]
    [CancelAfter(400_000)]
    public async Task Catches_scheduler_ignores_taints(CancellationToken cancellationToken)
    {
        var verdict = await DefectTwin.RunAsync(typeof(ZoneLossDuringDeploymentRollout), FleetDefect.SchedulerIgnoresTaints, cancellationToken);

        DefectTwin.AssertCaught(verdict, "Completes(Deployment smoke/web");
    }
}
