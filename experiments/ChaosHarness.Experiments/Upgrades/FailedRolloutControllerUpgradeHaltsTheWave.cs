using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Waves;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Upgrades;

/// <summary>
/// Game day: a bad rollout-controller release (it never becomes ready) goes out to the fleet in waves — canary cluster
/// first — while the canary cluster has an application canary in flight.
/// Hypothesis: the health gate catches it in the canary cluster; the wave halts before the next cluster (which is never
/// touched), the upgrade is rolled back there, no application rollout is promoted while its controller is down, and the
/// application canary completes once the previous controller is back. Traffic stays inside the error budget.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class FailedRolloutControllerUpgradeHaltsTheWave : ControllerChaosExperiment
{
    private const string BadRelease = ControllerNames.RolloutsNextImage + "-unready";
    private const double ErrorBudget = 0.01;
    private static readonly TimeSpan GateWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan HaltsWithin = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RolledBackWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CanaryCompletesWithin = TimeSpan.FromMinutes(8);

    [Test]
    [CancelAfter(180_000)]
    public async Task The_wave_halts_at_the_canary_cluster_and_rolls_back_and_no_rollout_is_promoted_meanwhile()
    {
        Runbook("a failed rollout-controller upgrade halts the wave at the canary cluster and is rolled back there; no app rollout is promoted meanwhile",
            ("ErrorBudget", ErrorBudget), ("BadRelease", BadRelease), ("GateWithin", GateWithin), ("RolledBackWithin", RolledBackWithin), ("CanaryCompletesWithin", CanaryCompletesWithin));
        var canaryCluster = Fleet.Clusters[0].Name;
        var nextCluster = Fleet.Clusters[1].Name;
        var checkout = new CheckoutApp(Experiment, canaryCluster);
        Experiment.StartTrafficProbe();
        var steady = SteadyStateHypothesis.Builder("rollout controllers available in every cluster, checkout healthy, fleet traffic ≥ 99 %");
        foreach (var cluster in Fleet.Clusters)
        {
            steady.Healthy(ControllerNames.Rollouts(cluster.Name));
        }

        var hypothesis = steady.Healthy(checkout.Rollout).TrafficSucceeds(0.99, TimeSpan.FromSeconds(15)).Build();
        await SteadyStateAsync(hypothesis, within: TimeSpan.FromMinutes(5));
        var steadyAt = Clock.GetUtcNow();

        var stable = await checkout.ImageAsync();
        var next = CheckoutApp.NextHealthyImage(stable);
        await StepAsync($"start the application canary {next} in {canaryCluster}", async () => { await checkout.StartCanaryAsync(next); return next; });
        await ExpectAsync(Expect.Reaches(checkout.Rollout, TimeSpan.FromMinutes(3), step: 1, weight: 20));

        var untouched = await ExpectMeanwhileAsync(Expect.Untouched(ControllerNames.Rollouts(nextCluster), holdFor: GateWithin + RolledBackWithin));
        var notPromoted = await ExpectMeanwhileAsync(Expect.Halts(checkout.Rollout, within: HaltsWithin, holdFor: GateWithin - HaltsWithin));
        var upgrade = new DeploymentUpgrade(Experiment, ControllerNames.RolloutsNamespace, ControllerNames.RolloutsDeployment, BadRelease);
        var waves = new FleetUpgrade(upgrade, WavePlan.CanaryThenRegions(Fleet, canaryCluster), Experiment.Timeline, new FleetUpgradeOptions { GateWithin = GateWithin });
        var result = await StepAsync($"{waves.Name}, gate within {GateWithin.TotalSeconds:0}s", () => waves.RunAsync(Experiment.Cancellation));
        TestContext.Progress.WriteLine(result);

        await untouched();
        await notPromoted();
        await ExpectAsync(Expect.RunsImage(ControllerNames.Rollouts(canaryCluster), ControllerNames.RolloutsImage, within: RolledBackWithin));
        await ExpectAsync(Expect.Completes(checkout.Rollout, within: CanaryCompletesWithin));
        await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
    }
}
