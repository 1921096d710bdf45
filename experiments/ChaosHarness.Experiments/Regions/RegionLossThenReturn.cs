using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Regions;

/// <summary>
/// Game day: a region goes dark, then comes back.
/// Hypothesis: traffic leaves it within the health-check window; once it is back, the load balancer takes it in again
/// (it serves its share of requests) and the whole fleet returns to its steady state.
/// </summary>
[Category(ChaosCategory.Nightly)]
public sealed class RegionLossThenReturn : ZonesGameDay
{
    private const double SuccessObjective = 0.99;

    /// <summary>Of three regions at equal weight, a rejoined one serves about a third; a fifth is clearly back.</summary>
    private const double RejoinedShare = 0.20;

    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(35 + 30 + 10);

    /// <summary>Health checks take a region back 10–20 s after it serves again; its pods restart first.</summary>
    private static readonly TimeSpan RejoinDeadline = TimeSpan.FromMinutes(2);

    [Test]
    [CancelAfter(240_000)]
    public async Task The_region_rejoins_the_load_balancer_and_the_fleet_recovers()
    {
        var region = Target.Region;
        var steady = CheckoutServes(SuccessObjective);
        await SteadyStateAsync(steady, within: SteadyStateDeadline);

        await using var outage = await InjectAsync(new RegionOutage(region));
        if (Fleet.TrafficUrl is not null)
        {
            await ExpectAsync(Expect.FailsOver(ServedBy.Region(region), within: FailoverDeadline, maxShare: 0, successObjective: SuccessObjective));
        }

        await RevertAsync(outage);
        if (Fleet.TrafficUrl is not null)
        {
            await ExpectAsync(Expect.Rejoins(ServedBy.Region(region), within: RejoinDeadline, minShare: RejoinedShare, successObjective: SuccessObjective));
        }

        await ExpectAsync(Expect.Recovers(steady, within: TimeSpan.FromMinutes(3)));
    }
}
