using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Annotations;
using ChaosHarness.Testing;

namespace ChaosHarness.Reporting.ExperimentSuite;

/// <summary>
/// The demo app's canary (shop/checkout, an Argo Rollout: 20 %, pause 60 s, 50 %, pause 60 s, analysis) while a zone
/// of its cluster is lost. One experiment holds, one fails on purpose (a canary with nothing to stop it does not halt),
/// one is inconclusive (its steady state names a workload that is not there), one is ignored.
/// </summary>
[Category(ChaosCategory.Smoke)]
[Author("sre-oncall")]
public sealed class CheckoutUnderZoneLoss : ChaosExperiment
{
    public const double ErrorBudget = 0.2;

    private string Cluster => Fleet.Clusters[0].Name;

    private ObjectRef Checkout => ObjectRef.Rollout(Cluster, "shop", "checkout");

    [Test, CancelAfter(240_000)]
    public async Task Completes_in_the_remaining_zones()
    {
        var steady = await SteadyAsync();
        var steadyAt = Clock.GetUtcNow();
        await using var outage = await InjectAsync(new ZoneOutage(Cluster, Fleet.Clusters[0].Zones[0]));
        await RollOutNextVersionAsync();
        await ExpectAsync(Expect.Completes(Checkout, within: TimeSpan.FromMinutes(10)));
        await RevertAsync(outage);
        await ExpectAsync(Expect.Recovers(steady, within: TimeSpan.FromMinutes(5)));
        await ExpectAsync(Expect.HoldsErrorBudget(ErrorBudget, since: steadyAt));
    }

    [Test, CancelAfter(240_000)]
    [Severity(Severity.Critical)]
    public async Task Halts_when_a_zone_is_lost()
    {
        await SteadyAsync();
        // Emulated (cordon + NoExecute taint): the lost pods come back at once elsewhere, so nothing stops the canary.
        await using var outage = await InjectAsync(ZoneOutage.Emulated(Cluster, Fleet.Clusters[0].Zones[1]));
        await RollOutNextVersionAsync();
        await ExpectAsync(Expect.Halts(Checkout, within: TimeSpan.FromSeconds(10), holdFor: TimeSpan.FromMinutes(2)));
    }

    [Test, CancelAfter(120_000)]
    public Task Is_inconclusive_when_its_workload_is_missing()
        => SteadyStateAsync(
            SteadyStateHypothesis.Builder("payments serves").Healthy(ObjectRef.Rollout(Cluster, "shop", "payments")).Build(),
            within: TimeSpan.FromSeconds(20));

    [Test]
    [Ignore("region loss of the demo app needs two clusters per region")]
    public Task Fails_over_when_the_region_is_lost() => Task.CompletedTask;

    private async Task<SteadyStateHypothesis> SteadyAsync()
    {
        Experiment.StartTrafficProbe();
        var steady = SteadyStateHypothesis.Builder($"checkout serves from every zone of {Cluster}")
            .NodesReady(Cluster)
            .Healthy(Checkout)
            .TrafficSucceeds(0.95, TimeSpan.FromSeconds(15))
            .Build();
        await SteadyStateAsync(steady, within: TimeSpan.FromMinutes(5));
        return steady;
    }

    /// <summary>v2 after v1 and v3 after v2, so that every run starts a real rollout.</summary>
    private Task RollOutNextVersionAsync() => StepAsync("roll out the next version of checkout", async () =>
    {
        var rollout = await Experiment.Kubernetes()[Cluster].Rest.GetAsync(ResourceKind.Rollout, "shop", "checkout", Experiment.Cancellation);
        var image = rollout?["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>() == "shop/checkout:v2" ? "shop/checkout:v3" : "shop/checkout:v2";
        await Experiment.Drive().SetImageAsync(Checkout, "checkout", image, Experiment.Cancellation);
        return image;
    });
}
