using ChaosHarness.Core.Expectations;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Throttling;

/// <summary>
/// Game day: the API server jails the rollout controller (API Priority and Fairness: no seats for its service account)
/// while a canary is in its analysis step.
/// Hypothesis: a throttled controller does nothing rather than something wrong — no promotion, no abort while jailed —
/// and once the jail is lifted it resumes and completes the canary, with traffic inside its error budget throughout.
/// While jailed, the app team scales checkout out by one replica (as an autoscaler or a sync would), so the controller
/// has work it must wait for rather than a quiet jail it could sleep through.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class RolloutControllerJailedDuringAnalysis : ControllerChaosExperiment
{
    private const double ErrorBudget = 0.01;
    private static readonly TimeSpan JailFor = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ReachAnalysisWithin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CompletesWithin = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RecoversWithin = TimeSpan.FromMinutes(5);
    private const int Replicas = 6;

    [Test]
    [CancelAfter(180_000)]
    public async Task No_wrong_promotion_or_abort_while_jailed_and_the_canary_completes_after_the_jail()
    {
        Runbook("jailed at the analysis step, the rollout neither advances nor aborts; after the jail it completes; traffic within budget",
            ("ErrorBudget", ErrorBudget), ("JailFor", JailFor), ("ReachAnalysisWithin", ReachAnalysisWithin), ("CompletesWithin", CompletesWithin));
        var (cluster, checkout, steady, steadyAt) = await CheckoutAtSteadyStateAsync();

        var stable = await checkout.ImageAsync();
        try
        {
            var next = CheckoutApp.NextHealthyImage(stable);
            await StepAsync($"start the canary {next}", async () => { await checkout.StartCanaryAsync(next); return next; });
            await ExpectAsync(Expect.Reaches(checkout.Rollout, ReachAnalysisWithin, step: CheckoutApp.AnalysisStep));

            await using var jail = await InjectAsync(new ApiThrottle(cluster, ControllerNames.RolloutController, ThrottleLevel.Jail));
            var holds = await ExpectMeanwhileAsync(Expect.HoldsPosition(checkout.Rollout, holdFor: JailFor));
            await StepAsync($"scale checkout to {Replicas + 1} replicas while its controller is jailed", async () => { await Experiment.Drive().ScaleAsync(checkout.Rollout, Replicas + 1); return true; });
            await holds();
            await RevertAsync(jail);

            await ExpectAsync(Expect.Completes(checkout.Rollout, within: CompletesWithin));
            await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
            await StepAsync($"scale checkout back to {Replicas} replicas", async () => { await Experiment.Drive().ScaleAsync(checkout.Rollout, Replicas); return true; });
            await ExpectAsync(Expect.Recovers(steady, within: RecoversWithin));
        }
        finally
        {
            await checkout.LeaveAsItWasAsync(stable);
        }
    }
}
