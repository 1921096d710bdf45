using ChaosHarness.Experiments.Upgrades;
using ChaosHarness.Experiments.Tests.Support;
using ChaosHarness.Fleet.Defects;

namespace ChaosHarness.Experiments.Tests.Upgrades;

/// <summary>A new controller release whose first leader abandons the updates in flight aborts the application canary: it never completes.</summary>
[Category(DefectTwin.Category)]
public sealed class GoodControllerUpgradeDuringCanaryTwin
{
    [Test]
    [CancelAfter(300_000)]
    public async Task Fails_when_the_new_controller_aborts_the_canary_in_flight()
    {
        var verdict = await DefectTwin.RunAsync(typeof(GoodControllerUpgradeDuringCanary), FleetDefect.NewLeaderAbortsInFlightRollouts, TestContext.CurrentContext.CancellationToken);
        TestContext.Out.WriteLine($"{verdict.Outcome}: {verdict.Message}");

        DefectTwin.AssertCaught(verdict, "Completes(Rollout shop/checkout in eu-west-1");
    }
}
