using ChaosHarness.Experiments.Throttling;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Throttling;

/// <summary>A rollout controller that takes a 429 for a failed update aborts the canary it was jailed on: the canary never completes.</summary>
[Category(DefectTwin.Category)]
public sealed class RolloutControllerJailedDuringAnalysisTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_the_controller_aborts_on_a_throttled_request_instead_of_waiting_Retry_After()
    {
        var verdict = await DefectTwin.RunAsync(typeof(RolloutControllerJailedDuringAnalysis), FleetDefect.RolloutIgnoresRetryAfter, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "Completes(Rollout shop/checkout in eu-west-1");
    }
}
