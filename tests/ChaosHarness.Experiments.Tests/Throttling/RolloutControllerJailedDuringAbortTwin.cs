using ChaosHarness.Experiments.Throttling;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Throttling;

/// <summary>An abort that never gives the stable version its weight back does not complete once the jail lifts.</summary>
[Category(DefectTwin.Category)]
public sealed class RolloutControllerJailedDuringAbortTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_an_abort_keeps_the_canary_weight()
    {
        var verdict = await DefectTwin.RunAsync(typeof(RolloutControllerJailedDuringAbort), FleetDefect.AbortKeepsCanaryWeight, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "RollsBack(Rollout shop/checkout in eu-west-1");
    }
}
