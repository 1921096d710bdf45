using ChaosHarness.Experiments.Upgrades;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Upgrades;

/// <summary>Without a readiness gate the bad controller release counts as available, passes the wave's gate and goes on to the next cluster.</summary>
[Category(DefectTwin.Category)]
public sealed class FailedRolloutControllerUpgradeHaltsTheWaveTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_a_controller_without_a_readiness_gate_passes_the_health_gate()
    {
        var verdict = await DefectTwin.RunAsync(typeof(FailedRolloutControllerUpgradeHaltsTheWave), FleetDefect.ControllerWithoutReadinessGate, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "Untouched(Deployment argo-rollouts/argo-rollouts in us-east-1");
    }
}
