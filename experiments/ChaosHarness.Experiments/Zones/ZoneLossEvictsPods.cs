using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Zones;

/// <summary>
/// Game day: a zone loses power and stays out.
/// Hypothesis: the node lifecycle evicts checkout's pods from the dark zone and they run, Ready, in the other zones
/// within the eviction timeout — the app is back to full strength while the zone is still out.
/// </summary>
[Category(ChaosCategory.Nightly)]
public sealed class ZoneLossEvictsPods : ZonesGameDay
{
    private const int Replicas = 6;
    private const double SuccessObjective = 0.99;

    /// <summary>Node NotReady after 40 s, pods evicted 300 s later, replacements scheduled and Ready within a minute.</summary>
    private static readonly TimeSpan EvictionDeadline = TimeSpan.FromSeconds(40 + 300 + 60);

    [Test]
    [CancelAfter(240_000)]
    public async Task The_lost_zones_pods_are_replaced_in_other_zones_within_the_eviction_timeout()
    {
        var lostZone = Target.Zones[0];
        var steady = CheckoutServes(SuccessObjective);
        await SteadyStateAsync(steady, within: SteadyStateDeadline);

        await using var outage = await InjectAsync(new ZoneOutage(Target.Name, lostZone));
        await ExpectAsync(Expect.Evacuates(Target.Name, Namespace, App, lostZone, Replicas, within: EvictionDeadline));

        await RevertAsync(outage);
        await ExpectAsync(Expect.Recovers(steady, within: TimeSpan.FromMinutes(3)));
    }
}
