using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Zones;

/// <summary>
/// Game day: with a zone out, a bad version of checkout (half its requests fail) starts its canary.
/// Hypothesis: the analysis still fails it and the abort completes while the zone is down — canary weight 0, canary
/// scaled down, the rollout Degraded with Argo's "RolloutAborted" message.
/// </summary>
[Category(ChaosCategory.Nightly)]
public sealed class BadCanaryWhileZoneDown : ZonesGameDay
{
    private const string BadVersion = "errors50";
    private const double SuccessObjective = 0.99;

    /// <summary>The lost zone's pods are replaced after the eviction timeout (40 s + 300 s); then pauses and analysis.</summary>
    private static readonly TimeSpan AbortDeadline = TimeSpan.FromMinutes(12);

    [Test]
    [CancelAfter(300_000)]
    public async Task The_abort_completes_with_a_zone_down()
    {
        var checkout = Checkout(Target.Name);
        await SteadyStateAsync(CheckoutServes(SuccessObjective), within: SteadyStateDeadline);

        await using var outage = await InjectAsync(new ZoneOutage(Target.Name, Target.Zones[2]));
        await StartCanaryAsync(checkout, BadVersion);
        await ExpectAsync(Expect.RollsBack(checkout, within: AbortDeadline));

        await RevertAsync(outage);
        await RestoreStableAsync(checkout);
    }
}
