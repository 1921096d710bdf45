using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Throttling;

/// <summary>
/// Game day: an operator aborts a canary (kubectl argo rollouts abort) while the API server jails the rollout controller.
/// Hypothesis: nothing moves while the controller is jailed, and once the jail lifts the abort completes within a bound:
/// canary weight back to 0, canary scaled down, traffic on the stable version — inside the error budget throughout.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class RolloutControllerJailedDuringAbort : ControllerChaosExperiment
{
    private const double ErrorBudget = 0.01;
    private static readonly TimeSpan JailFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ReachCanaryWithin = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan AbortCompletesWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RecoversWithin = TimeSpan.FromMinutes(5);

    [Test]
    [CancelAfter(180_000)]
    public async Task The_abort_completes_within_its_bound_once_the_jail_lifts()
    {
        Runbook("an abort sent while the controller is jailed completes within its bound once the jail lifts; traffic within budget",
            ("ErrorBudget", ErrorBudget), ("JailFor", JailFor), ("AbortCompletesWithin", AbortCompletesWithin));
        var (cluster, checkout, steady, steadyAt) = await CheckoutAtSteadyStateAsync();

        var stable = await checkout.ImageAsync();
        try
        {
            var next = CheckoutApp.NextHealthyImage(stable);
            await StepAsync($"start the canary {next}", async () => { await checkout.StartCanaryAsync(next); return next; });
            await ExpectAsync(Expect.Reaches(checkout.Rollout, ReachCanaryWithin, step: 1, weight: 20));

            await using var jail = await InjectAsync(new ApiThrottle(cluster, ControllerNames.RolloutController, ThrottleLevel.Jail));
            await StepAsync("abort the canary while its controller is jailed", async () => { await Experiment.Drive().AbortAsync(checkout.Rollout); return true; });
            await ExpectAsync(Expect.Halts(checkout.Rollout, within: TimeSpan.Zero, holdFor: JailFor));

            await Experiment.WatchAsync(checkout.Rollout.Kind, Core.Observation.ResourceKind.ReplicaSet);
            await RevertAsync(jail);
            await ExpectAsync(Expect.RollsBack(checkout.Rollout, within: AbortCompletesWithin));
            await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));

            await StepAsync($"put the stable version {stable} back in the template", async () => { await checkout.RestoreAsync(stable); return stable; });
            await ExpectAsync(Expect.Recovers(steady, within: RecoversWithin));
        }
        finally
        {
            await checkout.LeaveAsItWasAsync(stable);
        }
    }
}
