using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Throttling;

/// <summary>
/// Game day: the API server squeezes the rollout controller (one concurrency share, no borrowing) while a bad version
/// (a fifth of its requests fail) goes out as a canary.
/// Hypothesis: a squeezed controller still protects production — the analysis fails, the rollout is aborted and rolled
/// back (weight 0, canary scaled down) within its bound — and the failed requests stay inside the error budget.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class SqueezedRolloutControllerStillAbortsABadCanary : ControllerChaosExperiment
{
    private const string BadBuild = "errors20";
    private const double ErrorBudget = 0.05;
    private const int ConcurrencyShares = 1;
    private static readonly TimeSpan RollsBackWithin = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan RecoversWithin = TimeSpan.FromMinutes(5);

    [Test]
    [CancelAfter(180_000)]
    public async Task The_bad_canary_is_aborted_and_rolled_back_within_its_bound()
    {
        Runbook("squeezed, the rollout controller still aborts and rolls back a bad canary; traffic within budget",
            ("ErrorBudget", ErrorBudget), ("BadBuild", BadBuild), ("ConcurrencyShares", ConcurrencyShares), ("RollsBackWithin", RollsBackWithin));
        var (cluster, checkout, steady, steadyAt) = await CheckoutAtSteadyStateAsync();

        var stable = await checkout.ImageAsync();
        try
        {
            await using var squeeze = await InjectAsync(new ApiThrottle(cluster, ControllerNames.RolloutController, ThrottleLevel.Squeeze(ConcurrencyShares)));
            var bad = CheckoutApp.BadImage(stable, BadBuild);
            await Experiment.WatchAsync(checkout.Rollout.Kind, ResourceKind.ReplicaSet);
            await StepAsync($"start the canary of the bad build {bad} under the squeeze", async () => { await checkout.StartCanaryAsync(bad); return bad; });

            await ExpectAsync(Expect.RollsBack(checkout.Rollout, within: RollsBackWithin));
            await RevertAsync(squeeze);
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
