using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Experiments.Support;
using ChaosHarness.Kube.Waves;
using ChaosHarness.Testing;

namespace ChaosHarness.Experiments.Upgrades;

/// <summary>
/// Game day: a bad ingress-controller release (its pods never pass their readiness probe) goes out to the fleet in
/// waves, canary cluster first.
/// Hypothesis: the readiness gate keeps the bad pods out of the rolling update, so the old controller pods keep serving
/// and traffic is unaffected (inside the error budget); the wave's health gate halts the wave before the next cluster,
/// which is never touched, and the upgrade is rolled back in the canary cluster.
/// </summary>
[Category(ChaosCategory.Nightly)]
[Category(ChaosCategory.Smoke)]
public sealed class FailedIngressControllerUpgradeHaltsTheWave : ControllerChaosExperiment
{
    private const string BadRelease = "registry.k8s.io/ingress-nginx/controller:v1.12.0-unready";
    private const double ErrorBudget = 0.01;
    private static readonly TimeSpan GateWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RolledBackWithin = TimeSpan.FromMinutes(3);

    [Test]
    [CancelAfter(180_000)]
    public async Task Traffic_is_unaffected_the_wave_halts_and_the_canary_cluster_is_rolled_back()
    {
        Runbook("a failed ingress-controller upgrade leaves traffic unaffected (readiness gate), halts the wave and is rolled back",
            ("ErrorBudget", ErrorBudget), ("BadRelease", BadRelease), ("GateWithin", GateWithin), ("RolledBackWithin", RolledBackWithin));
        var canaryCluster = Fleet.Clusters[0].Name;
        var nextCluster = Fleet.Clusters[1].Name;
        Experiment.StartTrafficProbe();
        var steady = SteadyStateHypothesis.Builder("ingress controllers available in every cluster, fleet traffic ≥ 99 %");
        foreach (var cluster in Fleet.Clusters)
        {
            steady.Healthy(ControllerNames.Ingress(cluster.Name));
        }

        var hypothesis = steady.TrafficSucceeds(0.99, TimeSpan.FromSeconds(15)).Build();
        await SteadyStateAsync(hypothesis, within: TimeSpan.FromMinutes(5));
        var steadyAt = Clock.GetUtcNow();

        var untouched = await ExpectMeanwhileAsync(Expect.Untouched(ControllerNames.Ingress(nextCluster), holdFor: GateWithin + RolledBackWithin));
        var upgrade = new DeploymentUpgrade(Experiment, ControllerNames.IngressNamespace, ControllerNames.IngressDeployment, BadRelease);
        var waves = new FleetUpgrade(upgrade, WavePlan.CanaryThenRegions(Fleet, canaryCluster), Experiment.Timeline, new FleetUpgradeOptions { GateWithin = GateWithin });
        var result = await StepAsync($"{waves.Name}, gate within {GateWithin.TotalSeconds:0}s", () => waves.RunAsync(Experiment.Cancellation));
        TestContext.Progress.WriteLine(result);

        await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
        await untouched();
        await ExpectAsync(Expect.RunsImage(ControllerNames.Ingress(canaryCluster), ControllerNames.IngressImage, within: RolledBackWithin));
        await ExpectAsync(Expect.Recovers(hypothesis, within: RolledBackWithin));
    }
}
