using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Regions;

/// <summary>
/// Game day: the region running a canary of checkout goes dark (machines and API servers) at canary weight 20.
/// Hypothesis: global traffic fails over to the other regions within the health-check window, keeping its success
/// objective; the dark region's rollout makes no progress; the other regions stay healthy — and the harness keeps
/// judging them while it cannot reach the lost one.
/// </summary>
[Category(ChaosCategory.Nightly)]
public sealed class RegionLossMidCanary : ZonesGameDay
{
    private const long CanaryWeight = 20;
    private const double SuccessObjective = 0.99;

    /// <summary>Health checks notice a dark region in 25–35 s; requests already sent there time out after 30 s; judged over 10 s.</summary>
    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(35 + 30 + 10);

    private static readonly TimeSpan NoProgressFor = TimeSpan.FromMinutes(2);

    [Test]
    [CancelAfter(240_000)]
    public async Task Traffic_fails_over_and_the_dark_regions_rollout_stands_still()
    {
        var lost = Target;
        var others = Fleet.Clusters.Where(c => c.Region != lost.Region).ToArray();
        var checkout = Checkout(lost.Name);
        await SteadyStateAsync(CheckoutServes(SuccessObjective), within: SteadyStateDeadline);

        await StartCanaryAsync(checkout);
        await ExpectAsync(Expect.Reaches(checkout, within: TimeSpan.FromMinutes(2), weight: CanaryWeight));
        await using var outage = await InjectAsync(new RegionOutage(lost.Region));

        if (Fleet.TrafficUrl is not null)
        {
            await ExpectAsync(Expect.FailsOver(ServedBy.Region(lost.Region), within: FailoverDeadline, maxShare: 0, successObjective: SuccessObjective));
        }

        await ExpectAsync(Expect.Halts(checkout, within: TimeSpan.Zero, holdFor: NoProgressFor));
        await ExpectAsync(Expect.Recovers(CheckoutServes(SuccessObjective, others), within: TimeSpan.Zero));

        await RevertAsync(outage);
        await RestoreStableAsync(checkout);
    }
}
