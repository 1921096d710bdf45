using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Ingress;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>The ingress splits an app's traffic by its Rollout's canary weights; versions answer as their images behave.</summary>
public sealed class CanaryTrafficTests
{
    [Test]
    public async Task The_ingress_sends_the_canary_its_weight_and_a_failing_version_fails_its_share_until_analysis_aborts_it()
    {
        await using var fleet = await TrafficFleet.StartAsync(regions: 1, traffic: new TrafficOptions { LoadRequestsPerSecond = 60, ServeHttp = false });
        var cluster = fleet.Clusters[0];
        var stable = DemoRollout.StableHash(cluster)!;
        DemoRollout.SetImage(cluster, "shop/checkout:v2-errors30");
        await fleet.Eventually(() => cluster.Traffic.Routes.App is { Canary.Count: 2, CanaryWeight: 20 }, TimeSpan.FromMinutes(2),
            "the ingress to route 20 % to two ready canary pods (20 % of 6, rounded up)");
        var canary = DemoRollout.CurrentHash(cluster)!;

        var routes = IngressRoute.Parse(cluster.Api.Get(BuiltInResources.ConfigMaps, IngressNames.Namespace, IngressNames.RoutesConfigMap)
            .ToModel<V1ConfigMap>().Data[DemoAppManifests.App.ConfigKey])!;
        Assert.That((routes.StableHash, routes.CanaryHash, routes.CanaryWeight), Is.EqualTo((stable, canary, 20)));

        var start = fleet.Now;
        var outcomes = fleet.Send(5000);
        var toCanary = outcomes.Where(o => o.PodTemplateHash == canary).ToList();
        var toStable = outcomes.Where(o => o.PodTemplateHash == stable).ToList();
        Assert.That(toCanary.Count + toStable.Count, Is.EqualTo(5000));
        Assert.That(toCanary.Count / 5000.0, Is.EqualTo(0.20).Within(0.02));
        Assert.That(toCanary.Select(o => o.Version).Distinct(), Is.EqualTo(new[] { "v2-errors30" }));
        Assert.That(toCanary.Count(o => o.Status == 500) / (double)toCanary.Count, Is.EqualTo(0.30).Within(0.05));
        Assert.That(toStable.All(o => o.Status == 200 && o.Version == "v1"), Is.True);

        var window = fleet.Now - start + TimeSpan.FromSeconds(1);
        var canaryMetrics = fleet.Traffic.Metrics.Query(cluster.Name, DemoAppManifests.Namespace, canary, window);
        var stableMetrics = fleet.Traffic.Metrics.Query(cluster.Name, DemoAppManifests.Namespace, stable, window);
        Assert.That(canaryMetrics.Requests, Is.GreaterThanOrEqualTo(toCanary.Count), "the test's requests, and the load generator's");
        Assert.That(canaryMetrics.SuccessRate, Is.EqualTo(0.70).Within(0.05));
        Assert.That(stableMetrics.SuccessRate, Is.EqualTo(1.0));
        Assert.That(stableMetrics.P95Latency.TotalMilliseconds, Is.InRange(20, 80), "20 ms + exponential jitter of mean 10 ms, plus the ingress");

        await fleet.Eventually(() => DemoRollout.Phase(cluster) == "Degraded" ? "" : null, TimeSpan.FromMinutes(6),
            "the success-rate analysis to fail on the load generator's traffic and abort the rollout");
        await fleet.Eventually(() => cluster.Traffic.Routes.App is { CanaryWeight: 0 }, TimeSpan.FromMinutes(1), "the canary's weight back to 0");
        Assert.That(fleet.Send(500).All(o => o.PodTemplateHash == stable && o.Succeeded), Is.True);
    }

    [Test]
    public async Task The_load_generator_feeds_the_metrics_of_every_cluster_without_any_probe()
    {
        await using var fleet = await TrafficFleet.StartAsync(traffic: new TrafficOptions { LoadRequestsPerSecond = 90, ServeHttp = false });
        var hashes = fleet.Clusters.ToDictionary(c => c.Name, c => DemoRollout.StableHash(c)!);
        var since = fleet.Now;
        var (sentBefore, failedBefore) = (fleet.Traffic.LoadGenerator.Sent, fleet.Traffic.LoadGenerator.Failed);
        await fleet.During(TimeSpan.FromSeconds(30));

        var elapsed = fleet.Now - since;
        var perCluster = fleet.Clusters.Select(c => fleet.Traffic.Metrics.Query(c.Name, DemoAppManifests.Namespace, hashes[c.Name], elapsed)).ToList();
        var total = perCluster.Sum(w => w.Requests);
        Assert.That(total, Is.EqualTo(90 * elapsed.TotalSeconds).Within(10).Percent, "90 requests per fleet second");
        foreach (var window in perCluster)
        {
            Assert.That(window.Requests / (double)total, Is.EqualTo(1 / 3.0).Within(0.05), "equal region weights");
            Assert.That(window.SuccessRate, Is.EqualTo(1.0));
        }

        Assert.That(fleet.Traffic.LoadGenerator.Failed - failedBefore, Is.Zero, "before the fleet served, requests failed; since, none");
        Assert.That(fleet.Traffic.LoadGenerator.Sent - sentBefore, Is.GreaterThanOrEqualTo(total * 0.9), "what the metrics counted, the generator sent");
    }
}
