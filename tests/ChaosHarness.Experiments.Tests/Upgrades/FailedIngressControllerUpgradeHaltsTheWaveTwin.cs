using ChaosHarness.Experiments.Upgrades;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Upgrades;

/// <summary>Without a readiness gate the bad ingress pods replace the good ones and take traffic they cannot serve.</summary>
[Category(DefectTwin.Category)]
public sealed class FailedIngressControllerUpgradeHaltsTheWaveTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_a_controller_without_a_readiness_gate_takes_traffic()
    {
        var verdict = await DefectTwin.RunAsync(typeof(FailedIngressControllerUpgradeHaltsTheWave), FleetDefect.ControllerWithoutReadinessGate, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "HoldsErrorBudget(");
    }
}
