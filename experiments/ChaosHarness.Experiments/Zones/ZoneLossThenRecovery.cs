using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Zones;

/// <summary>
/// Game day: a zone loses power during checkout's canary and comes back.
/// Hypothesis: the rollout holds while the zone is out, then resumes once it is back and completes within the deadline,
/// and the fleet returns to its steady state.
/// </summary>
[Category(ChaosCategory.Nightly)]
public sealed class ZoneLossThenRecovery : ZonesGameDay
{
    private const long CanaryWeight = 20;
    private const double SuccessObjective = 0.99;
    private static readonly TimeSpan HaltDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HaltHeldFor = TimeSpan.FromSeconds(120);

    /// <summary>Kubelets boot, pods restart, then the rest of the canary: pause 60 s, setWeight 50, pause 60 s, analysis.</summary>
    private static readonly TimeSpan CompletionDeadline = TimeSpan.FromMinutes(8);

    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromMinutes(3);

    [Test]
    [CancelAfter(300_000)]
    public async Task The_rollout_resumes_and_completes_once_the_zone_is_back()
    {
        var checkout = Checkout(Target.Name);
        var steady = CheckoutServes(SuccessObjective);
        await SteadyStateAsync(steady, within: SteadyStateDeadline);

        await StartCanaryAsync(checkout);
        await ExpectAsync(Expect.Reaches(checkout, within: TimeSpan.FromMinutes(2), weight: CanaryWeight));
        await using var outage = await InjectAsync(new ZoneOutage(Target.Name, await ZoneWithoutRolloutControllerAsync(Target)));
        await ExpectAsync(Expect.Halts(checkout, within: HaltDeadline, holdFor: HaltHeldFor));

        await RevertAsync(outage);
        await ExpectAsync(Expect.Completes(checkout, within: CompletionDeadline));
        await ExpectAsync(Expect.Recovers(steady, within: RecoveryDeadline));
    }
}
