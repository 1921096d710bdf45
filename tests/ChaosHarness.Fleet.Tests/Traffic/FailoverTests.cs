using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>Traffic leaves what cannot serve: a zone without power at once, a region only through the load balancer's health checks.</summary>
public sealed class FailoverTests
{
    private const string Region = "eu-west";
    private const string Cluster = "eu-west-1";

    /// <summary>How late the fleet's timers may run on a busy 2-core machine: 10 fleet seconds are 200 ms of wall time at 50×.</summary>
    private static readonly TimeSpan SchedulingSlack = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_zone_without_power_serves_nothing_from_that_moment_and_its_replicas_move_to_the_other_zones()
    {
        await using var fleet = await TrafficFleet.StartAsync();
        var cluster = fleet[Cluster];
        var zone = cluster.Zones[0];
        Assert.That(cluster.Traffic.Routes.App!.Stable.Count(p => p.Zone == zone), Is.EqualTo(2), "six replicas spread over three zones");
        Assert.That(cluster.Traffic.Routes.Ingress.Count(p => p.Zone == zone), Is.EqualTo(1), "three ingress pods spread over three zones");
        Assert.That(fleet.Send(600).Count(o => o.Zone == zone), Is.GreaterThan(0), "the zone serves before");

        fleet.PowerOff(zone);
        var after = fleet.Send(3000);
        Assert.That(after.Count(o => o.Zone == zone), Is.Zero);
        Assert.That(after.Where(o => !o.Succeeded).Select(o => $"{o.Cluster} {o.Status} {o.Reason}").Distinct(), Is.Empty, "the other zones' ingress and app pods carry the cluster's share");
        Assert.That(after.Count(o => o.Cluster == Cluster) / 3000.0, Is.EqualTo(1 / 3.0).Within(0.04), "the region keeps its share");

        await fleet.Eventually(() => cluster.Traffic.Routes.App?.Stable.Count == 6, TimeSpan.FromMinutes(10),
            "the evicted replicas to run again in the other zones");
        Assert.That(cluster.Traffic.Routes.App!.Stable.Select(p => p.Zone), Has.None.EqualTo(zone));
        Assert.That(fleet.LoadBalancer.Backend(Cluster).Healthy, Is.True);
    }

    [Test]
    public async Task A_partitioned_zone_serves_nothing_until_its_network_is_back()
    {
        await using var fleet = await TrafficFleet.StartAsync(regions: 1);
        var zone = fleet[Cluster].Zones[1];

        fleet.Infrastructure.SetPartitioned(zone, true);
        var cut = fleet.Send(2000);
        Assert.That(cut.Count(o => o.Zone == zone), Is.Zero);
        Assert.That(cut.All(o => o.Succeeded), Is.True);

        fleet.Infrastructure.SetPartitioned(zone, false);
        Assert.That(fleet.Send(2000).Count(o => o.Zone == zone) / 2000.0, Is.EqualTo(1 / 3.0).Within(0.05), "its pods serve again at once");
    }

    [Test]
    public async Task A_region_without_ready_pods_fails_requests_until_three_failed_checks_take_it_out()
    {
        await using var fleet = await TrafficFleet.StartAsync();
        var (scaledDownAt, takenOutAt, duringDetection) = await EmptyRegionAsync(fleet);

        // The pods stop serving as soon as the ReplicaSet controller deletes them, a moment after the scale-down.
        Assert.That(takenOutAt - scaledDownAt, Is.InRange(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30) + SchedulingSlack),
            "three checks 10 s apart, the first 0–10 s after the pods went");
        Assert.That(duringDetection.Where(o => o.Region == Region).Select(o => o.Status).Distinct(), Is.EqualTo(new[] { 503 }),
            "until then the region answers 503: no endpoints");
        Assert.That(fleet.LoadBalancer.Backend(Cluster).LastFailure, Does.Contain(TrafficReasons.NoEndpoints));

        var after = fleet.Send(3000);
        Assert.That(after.Count(o => o.Region == Region), Is.Zero);
        Assert.That(after.All(o => o.Succeeded), Is.True);
        Assert.That(after.Select(o => o.Region).Distinct(), Is.EquivalentTo(new[] { "us-east", "ap-southeast" }));

        DemoRollout.Scale(fleet[Cluster], 6);
        var back = await fleet.Eventually(() => fleet.LoadBalancer.Backend(Cluster) is { Healthy: true } b ? b : null, TimeSpan.FromMinutes(2),
            "the region back behind the load balancer");
        Assert.That(back.ConsecutivePasses, Is.EqualTo(2));
        Assert.That(fleet.Send(600).Count(o => o.Region == Region), Is.GreaterThan(100));
    }

    [Test]
    public async Task Without_health_checks_the_load_balancer_keeps_sending_a_failing_region_its_share()
    {
        await using var fleet = await TrafficFleet.StartAsync(defects: [FleetDefect.LoadBalancerWithoutHealthChecks]);
        DemoRollout.Scale(fleet[Cluster], 0);
        await fleet.Eventually(() => fleet[Cluster].Traffic.Routes.App?.Stable.Count == 0, TimeSpan.FromMinutes(1), "the region's pods gone");

        await fleet.During(TimeSpan.FromSeconds(60));
        var outcomes = fleet.Send(3000);
        var failing = outcomes.Where(o => o.Region == Region).ToList();
        Assert.That(failing.Count / 3000.0, Is.EqualTo(1 / 3.0).Within(0.04), "a minute on, the failing region still gets its share");
        Assert.That(failing.All(o => o.Status == 503), Is.True);
        Assert.That(fleet.LoadBalancer.Backend(Cluster).Healthy, Is.False, "the checks see it; the load balancer does not use them");

        fleet.Defects.SwitchOff(FleetDefect.LoadBalancerWithoutHealthChecks);
        Assert.That(fleet.Send(1000).Count(o => o.Region == Region), Is.Zero, "with its health checks back, it routes around at once");
    }

    [Test]
    public async Task A_dark_region_times_out_requests_and_its_checks_until_they_take_it_out()
    {
        await using var fleet = await TrafficFleet.StartAsync();
        var darkAt = fleet.Now;
        fleet.Infrastructure.SetDark(Region, true);
        var timedOut = fleet.Send(600).Where(o => o.Region == Region).ToList();
        Assert.That(timedOut, Is.Not.Empty);
        Assert.That(timedOut.All(o => o is { Status: 504, TimedOut: true } && o.Latency == GlobalLoadBalancer.DefaultBackendTimeout), Is.True);

        var out_ = await fleet.Eventually(() => fleet.LoadBalancer.Backend(Cluster) is { Healthy: false } b ? b : null, TimeSpan.FromMinutes(1),
            "the dark region taken out");
        Assert.That(out_.ChangedAt!.Value - darkAt, Is.InRange(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(35) + SchedulingSlack),
            "three checks 10 s apart, each waiting out its 5 s timeout");
        Assert.That(out_.LastFailure, Does.Contain("timed out"));
        Assert.That(fleet.Send(1000).All(o => o.Succeeded && o.Region != Region), Is.True);

        fleet.Infrastructure.SetDark(Region, false);
        await fleet.Eventually(() => fleet.LoadBalancer.Backend(Cluster).Healthy, TimeSpan.FromMinutes(1), "the region back");
    }

    /// <summary>Scales the region's app to nothing; returns when, when the load balancer took it out, and what was answered between.</summary>
    private static async Task<(DateTimeOffset ScaledDownAt, DateTimeOffset TakenOutAt, List<TrafficOutcome> Between)> EmptyRegionAsync(TrafficFleet fleet)
    {
        var cluster = fleet[Cluster];
        var scaledDownAt = fleet.Now;
        DemoRollout.Scale(cluster, 0);
        await fleet.Eventually(() => cluster.Traffic.Routes.App?.Stable.Count == 0, TimeSpan.FromMinutes(1), "the region's pods gone");
        var between = new List<TrafficOutcome>();
        var stream = new SeededStream(7);
        await fleet.Eventually(() =>
        {
            between.AddRange(fleet.Send(30, stream));
            return !fleet.LoadBalancer.Backend(Cluster).Healthy;
        }, TimeSpan.FromMinutes(1), "the region taken out of the load balancer");
        return (scaledDownAt, fleet.LoadBalancer.Backend(Cluster).ChangedAt!.Value, between);
    }
}
