using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Waves;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Upgrades;

/// <summary>
/// Game day: a good rollout-controller release goes out to the whole fleet in waves (canary cluster, then region by
/// region) while an application canary is in flight in the canary cluster.
/// Hypothesis: every wave passes its gate and the fleet runs the new controller; the new controller picks the in-flight
/// canary up where the old one left it (all progress lives in the rollout's status) and completes it; traffic holds.
/// At the end the fleet goes back to the previous controller release, as it was before the game day.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class GoodControllerUpgradeDuringCanary : ControllerChaosExperiment
{
    private const string GoodRelease = ControllerNames.RolloutsNextImage;
    private const double ErrorBudget = 0.01;
    private static readonly TimeSpan GateWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan CanaryCompletesWithin = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan RollsBackWithin = TimeSpan.FromMinutes(3);

    [Test]
    [CancelAfter(180_000)]
    public async Task Every_wave_goes_through_and_the_in_flight_canary_completes_with_traffic_holding()
    {
        Runbook("a good controller upgrade goes through every wave while a canary is in flight, which completes; traffic holds",
            ("ErrorBudget", ErrorBudget), ("GoodRelease", GoodRelease), ("GateWithin", GateWithin), ("CanaryCompletesWithin", CanaryCompletesWithin));
        var canaryCluster = Fleet.Clusters[0].Name;
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

        var upgrade = new DeploymentUpgrade(Experiment, ControllerNames.RolloutsNamespace, ControllerNames.RolloutsDeployment, GoodRelease);
        var waves = new FleetUpgrade(upgrade, WavePlan.CanaryThenRegions(Fleet, canaryCluster), Experiment.Timeline, new FleetUpgradeOptions { GateWithin = GateWithin });
        var result = await StepAsync($"{waves.Name}, gate within {GateWithin.TotalSeconds:0}s", () => waves.RunAsync(Experiment.Cancellation));
        TestContext.Progress.WriteLine(result);

        foreach (var cluster in Fleet.Clusters)
        {
            await ExpectAsync(Expect.RunsImage(ControllerNames.Rollouts(cluster.Name), GoodRelease, within: GateWithin));
        }

        await ExpectAsync(Expect.Completes(checkout.Rollout, within: CanaryCompletesWithin));
        await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));

        await StepAsync("roll the fleet back to the previous controller release", async () => { await upgrade.RollBackAllAsync(Experiment.Cancellation); return true; });
        foreach (var cluster in Fleet.Clusters)
        {
            await ExpectAsync(Expect.RunsImage(ControllerNames.Rollouts(cluster.Name), ControllerNames.RolloutsImage, within: RollsBackWithin));
        }
    }
}
