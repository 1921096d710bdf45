using System.Net;
using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Tests.Traffic;

public sealed class TrafficEndpointTests
{
    [Test]
    public async Task Every_request_is_answered_by_a_ready_pod_with_its_region_cluster_zone_version_and_pod_in_headers()
    {
        await using var fleet = await TrafficFleet.StartAsync(traffic: new TrafficOptions { LoadRequestsPerSecond = 0 });
        using var http = new HttpClient { BaseAddress = fleet.Traffic.Url };

        var seen = new List<(string Region, string Cluster, string Zone, string Version, string Pod)>();
        for (var i = 0; i < 60; i++)
        {
            using var response = await http.GetAsync("/checkout");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            string Header(string name) => response.Headers.GetValues(name).Single();
            seen.Add((Header(TrafficHeaders.Region), Header(TrafficHeaders.Cluster), Header(TrafficHeaders.Zone),
                Header(TrafficHeaders.Version), Header(TrafficHeaders.Pod)));
            Assert.That(int.Parse(Header(TrafficHeaders.LatencyMilliseconds), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        }

        Assert.That(seen.Select(s => s.Region).Distinct(), Is.EquivalentTo(new[] { "eu-west", "us-east", "ap-southeast" }), "equal weights reach every region");
        Assert.That(seen.Select(s => s.Version).Distinct(), Is.EqualTo(new[] { "v1" }));
        foreach (var (region, cluster, zone, _, pod) in seen)
        {
            Assert.That(cluster, Is.EqualTo($"{region}-1"));
            Assert.That(fleet[cluster].Zones, Does.Contain(zone));
            var served = TrafficFleet.Pods(fleet[cluster], DemoAppManifests.Namespace).Single(p => p.Metadata.Name == pod);
            Assert.That(served.Status.Conditions.Single(c => c.Type == "Ready").Status, Is.EqualTo("True"));
            Assert.That(fleet[cluster].Nodes[served.Spec.NodeName].Zone, Is.EqualTo(zone));
        }

        Assert.That(fleet.Failures, Is.Empty, fleet.FailureReport());
    }

    [Test]
    public async Task A_request_sent_to_a_dark_region_is_held_for_the_backend_timeout_and_answered_504_and_a_slow_version_answers_slowly()
    {
        await using var fleet = await TrafficFleet.StartAsync(regions: 1, defects: [Fleet.Defects.FleetDefect.LoadBalancerWithoutHealthChecks],
            traffic: new TrafficOptions { LoadRequestsPerSecond = 0 });
        using var http = new HttpClient { BaseAddress = fleet.Traffic.Url };

        fleet.Infrastructure.SetDark("eu-west", true);
        var before = fleet.Now;
        using (var response = await http.GetAsync("/"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.GatewayTimeout));
            Assert.That(response.Headers.GetValues(TrafficHeaders.Region).Single(), Is.EqualTo("eu-west"));
            Assert.That(response.Headers.Contains(TrafficHeaders.Pod), Is.False);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(TrafficReasons.RegionUnreachable));
        }

        Assert.That(fleet.Now - before, Is.GreaterThanOrEqualTo(GlobalLoadBalancer.DefaultBackendTimeout), "held for the backend timeout, in fleet time");

        fleet.Infrastructure.SetDark("eu-west", false);
        fleet.Images.Set("shop/checkout:v1", Fleet.Images.ImageBehaviour.Healthy.WithLatency(TimeSpan.FromMilliseconds(400), TimeSpan.Zero));
        var slowStart = fleet.Now;
        using var slow = await http.GetAsync("/");
        Assert.That(slow.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var latency = int.Parse(slow.Headers.GetValues(TrafficHeaders.LatencyMilliseconds).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(latency, Is.GreaterThanOrEqualTo(400), "the catalogue, changed at run time, now gives v1 400 ms");
        Assert.That((fleet.Now - slowStart).TotalMilliseconds, Is.GreaterThanOrEqualTo(latency), "the answer waited its latency on the fleet clock");
    }
}
