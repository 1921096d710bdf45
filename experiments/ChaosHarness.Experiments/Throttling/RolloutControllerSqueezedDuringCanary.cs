using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Throttling;

/// <summary>
/// Game day: the API server squeezes the rollout controller — one concurrency share it cannot borrow beyond, so part of
/// every burst is refused with 429 and Retry-After — for a whole canary.
/// Hypothesis: a squeezed controller waits out Retry-After and carries on: the canary completes (slower, within a looser
/// deadline), is never aborted on the way, and traffic stays inside the error budget.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class RolloutControllerSqueezedDuringCanary : ControllerChaosExperiment
{
    private const double ErrorBudget = 0.01;
    private const int ConcurrencyShares = 1;
    private static readonly TimeSpan CompletesWithin = TimeSpan.FromMinutes(10);

    [Test]
    [CancelAfter(180_000)]
    public async Task The_canary_still_completes_and_the_error_budget_holds()
    {
        Runbook("squeezed, the rollout controller still completes the canary; traffic within budget",
            ("ErrorBudget", ErrorBudget), ("ConcurrencyShares", ConcurrencyShares), ("CompletesWithin", CompletesWithin));
        var cluster = Fleet.Clusters[0].Name;
        var checkout = new CheckoutApp(Experiment, cluster);
        Experiment.StartTrafficProbe();
        var steady = SteadyStateHypothesis.Builder($"checkout healthy in {cluster}, fleet traffic ≥ 99 %")
            .Healthy(checkout.Rollout)
            .TrafficSucceeds(0.99, TimeSpan.FromSeconds(15))
            .Build();
        await SteadyStateAsync(steady, within: TimeSpan.FromMinutes(5));
        var steadyAt = Clock.GetUtcNow();

        await using var squeeze = await InjectAsync(new ApiThrottle(cluster, ControllerNames.RolloutController, ThrottleLevel.Squeeze(ConcurrencyShares)));
        var stable = await checkout.ImageAsync();
        var next = CheckoutApp.NextHealthyImage(stable);
        await StepAsync($"start the canary {next} under the squeeze", async () => { await checkout.StartCanaryAsync(next); return next; });

        await ExpectAsync(Expect.Completes(checkout.Rollout, within: CompletesWithin));
        await RevertAsync(squeeze);
        await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
    }
}
