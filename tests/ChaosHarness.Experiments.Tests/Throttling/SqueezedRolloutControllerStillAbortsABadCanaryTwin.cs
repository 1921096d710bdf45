using ChaosHarness.Experiments.Throttling;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Throttling;

/// <summary>A rollout controller that goes on past a failed analysis never aborts the bad canary: it is not rolled back.</summary>
[Category(DefectTwin.Category)]
public sealed class SqueezedRolloutControllerStillAbortsABadCanaryTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_the_controller_ignores_a_failed_analysis()
    {
        var verdict = await DefectTwin.RunAsync(typeof(SqueezedRolloutControllerStillAbortsABadCanary), FleetDefect.RolloutIgnoresFailedAnalysis, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "RollsBack(Rollout shop/checkout in eu-west-1");
    }
}
