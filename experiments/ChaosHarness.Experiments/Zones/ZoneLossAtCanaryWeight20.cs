using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Zones;

/// <summary>
/// Game day: a zone loses power while checkout's canary takes 20 % of the traffic.
/// Hypothesis: the rollout halts — it may finish the pause it is in, then no higher step or weight and no promotion for
/// as long as the zone is out (the pods lost with it hold the canary back); traffic keeps its success objective and
/// nothing is served from the dark zone once the fleet has noticed.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class ZoneLossAtCanaryWeight20 : ZonesGameDay
{
    private const long CanaryWeight = 20;
    private const double SuccessObjective = 0.99;

    /// <summary>The canary's pause step (60 s) may end after the loss; then it must stop.</summary>
    private static readonly TimeSpan HaltDeadline = TimeSpan.FromSeconds(90);

    /// <summary>Shorter than the node lifecycle's eviction timeout (40 s + 300 s), after which the pods come back elsewhere.</summary>
    private static readonly TimeSpan HaltHeldFor = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan FailoverDeadline = TimeSpan.FromSeconds(45);

    [Test]
    [CancelAfter(240_000)]
    public async Task The_rollout_halts_while_the_zone_is_out_and_traffic_holds()
    {
        var checkout = Checkout(Target.Name);
        await SteadyStateAsync(CheckoutServes(SuccessObjective), within: SteadyStateDeadline);
        var lostZone = await ZoneWithoutRolloutControllerAsync(Target);

        await StartCanaryAsync(checkout);
        await ExpectAsync(Expect.Reaches(checkout, within: TimeSpan.FromMinutes(2), weight: CanaryWeight));
        var outageStart = Clock.GetUtcNow();
        await using var outage = await InjectAsync(new ZoneOutage(Target.Name, lostZone));

        await ExpectAsync(Expect.Halts(checkout, within: HaltDeadline, holdFor: HaltHeldFor));
        if (Fleet.TrafficUrl is not null)
        {
            await ExpectAsync(Expect.FailsOver(ServedBy.Zone(lostZone), within: FailoverDeadline, maxShare: 0, successObjective: SuccessObjective));
            await ExpectAsync(Expect.HoldsErrorBudget(1 - SuccessObjective, since: outageStart));
        }

        await RevertAsync(outage);
        await RestoreStableAsync(checkout);
    }
}
