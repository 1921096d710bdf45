using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Ingress;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>The ingress controller is a workload: a bad version of it breaks its region's traffic as far as it is let through.</summary>
public sealed class IngressControllerTests
{
    private const string Region = "eu-west";
    private const string Cluster = "eu-west-1";
    private const string Healthy = IngressNames.DefaultImage;

    [Test]
    public async Task A_crash_looping_ingress_controller_breaks_its_region_until_the_health_checks_move_the_traffic()
    {
        await using var fleet = await TrafficFleet.StartAsync();
        var cluster = fleet[Cluster];
        var upgradedAt = fleet.Now;
        TrafficFleet.UpgradeIngress(cluster, Healthy + "-crashloop", recreate: true);

        await fleet.Eventually(() => cluster.Traffic.Routes.Ingress.Count == 0, TimeSpan.FromMinutes(2), "no ingress pod left to take traffic");
        var broken = fleet.Send(600).Where(o => o.Region == Region).ToList();
        Assert.That(broken, Is.Not.Empty, "the load balancer has not noticed yet");
        Assert.That(broken.Select(o => (o.Status, o.Reason)).Distinct(), Is.EqualTo(new[] { (503, TrafficReasons.NoIngress) }));

        var takenOut = await fleet.Eventually(() => fleet.LoadBalancer.Backend(Cluster) is { Healthy: false } b ? b : null,
            TimeSpan.FromMinutes(2), "the health checks to take the region out");
        Assert.That(takenOut.ChangedAt!.Value - upgradedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(fleet.Send(1000).All(o => o.Succeeded && o.Region != Region), Is.True, "the other regions carry everything");

        var crashing = TrafficFleet.Pods(cluster, IngressNames.Namespace).Select(p => p.Status?.ContainerStatuses?.SingleOrDefault()).ToList();
        Assert.That(crashing, Has.Count.EqualTo(3));
        Assert.That(crashing.Select(c => c?.RestartCount ?? 0), Has.All.GreaterThanOrEqualTo(1));

        TrafficFleet.UpgradeIngress(cluster, Healthy);
        await fleet.Eventually(() => fleet.LoadBalancer.Backend(Cluster).Healthy, TimeSpan.FromMinutes(3), "the region back after the rollback");
        Assert.That(fleet.Send(600).Where(o => o.Region == Region).All(o => o.Succeeded), Is.True);
    }

    [Test]
    public async Task With_its_readiness_gate_a_never_ready_ingress_version_never_takes_over()
    {
        await using var fleet = await TrafficFleet.StartAsync();
        var cluster = fleet[Cluster];
        TrafficFleet.UpgradeIngress(cluster, Healthy + "-unready");

        await fleet.Eventually(() => TrafficFleet.Pods(cluster, IngressNames.Namespace).Count == 4, TimeSpan.FromMinutes(1), "the surge pod");
        await fleet.During(TimeSpan.FromMinutes(2));
        Assert.That(TrafficFleet.ServingIngressImages(cluster), Is.EqualTo(Enumerable.Repeat(Healthy, 3)), "the old pods keep serving");
        var deployment = TrafficFleet.IngressDeployment(cluster);
        Assert.That((deployment.Status.UpdatedReplicas, deployment.Status.AvailableReplicas), Is.EqualTo((1, 3)));
        Assert.That(fleet.Send(1000).All(o => o.Succeeded), Is.True);
        Assert.That(fleet.LoadBalancer.Backend(Cluster).Healthy, Is.True);
    }

    [Test]
    public async Task Without_its_readiness_gate_a_never_ready_ingress_version_takes_over_and_breaks_the_region()
    {
        await using var fleet = await TrafficFleet.StartAsync(defects: [FleetDefect.ControllerWithoutReadinessGate]);
        var cluster = fleet[Cluster];
        TrafficFleet.UpgradeIngress(cluster, Healthy + "-unready");

        await fleet.Eventually(() => TrafficFleet.ServingIngressImages(cluster) is { Count: 3 } images && images.All(i => i.EndsWith("-unready", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(3), "the bad version to take over every ingress pod");
        await fleet.Eventually(() => TrafficFleet.IngressDeployment(cluster).Status.Conditions.Single(c => c.Type == "Progressing").Reason == "NewReplicaSetAvailable",
            TimeSpan.FromMinutes(1), "the Deployment to report its rollout a success");
        var broken = fleet.Send(900).Where(o => o.Region == Region).ToList();
        if (fleet.LoadBalancer.Backend(Cluster).Healthy)
        {
            Assert.That(broken.Select(o => (o.Status, o.Reason)).Distinct(), Is.EqualTo(new[] { (503, TrafficReasons.IngressBroken) }));
        }

        await fleet.Eventually(() => !fleet.LoadBalancer.Backend(Cluster).Healthy, TimeSpan.FromMinutes(1), "the health checks to take the region out");
        Assert.That(fleet.Send(1000).All(o => o.Succeeded && o.Region != Region), Is.True);
    }

    [Test]
    public async Task An_ingress_controller_version_that_does_not_reconcile_freezes_the_canary_weight_it_routes_by()
    {
        await using var fleet = await TrafficFleet.StartAsync(regions: 1);
        var cluster = fleet[Cluster];
        DemoRollout.SetImage(cluster, "shop/checkout:v2");
        await fleet.Eventually(() => cluster.Traffic.Routes.App is { CanaryWeight: 20, Canary.Count: 2 }, TimeSpan.FromMinutes(2), "20 % to the canary");
        DemoRollout.Pause(cluster, true);
        var canary = DemoRollout.CurrentHash(cluster)!;

        TrafficFleet.UpgradeIngress(cluster, Healthy + "-noreconcile");
        await fleet.Eventually(() => TrafficFleet.ServingIngressImages(cluster) is { Count: 3 } images && images.All(i => i.EndsWith("-noreconcile", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(3), "the non-reconciling version on every ingress pod");
        await fleet.Eventually(() => fleet.Ingress(cluster).Leadership.Leader is null, TimeSpan.FromMinutes(1), "no working ingress pod left to lead");

        DemoRollout.Pause(cluster, false);
        await fleet.Eventually(() => DemoRollout.CanaryWeight(cluster) == 50, TimeSpan.FromMinutes(3), "the rollout to set 50 %");
        await fleet.During(TimeSpan.FromSeconds(30));
        Assert.That(cluster.Traffic.Routes.App!.CanaryWeight, Is.EqualTo(20), "nothing syncs the new weight into the ingress");
        Assert.That(fleet.Send(2000).Count(o => o.PodTemplateHash == canary) / 2000.0, Is.EqualTo(0.20).Within(0.03));
        Assert.That(fleet.Send(500).All(o => o.Succeeded), Is.True, "the data plane still serves");
        Assert.That(LeaseHolder(cluster), Is.Not.Null, "the last leader's Lease stays behind");

        TrafficFleet.UpgradeIngress(cluster, Healthy);
        await fleet.Eventually(() => cluster.Traffic.Routes.App is { } app && app.CanaryWeight == (DemoRollout.CanaryWeight(cluster) ?? 0) && app.CanaryWeight != 20,
            TimeSpan.FromMinutes(3), "the rolled-back controller to sync what the rollout says");
    }

    private static string? LeaseHolder(Fleet.Hosting.SimulatedCluster cluster) =>
        cluster.Store.Get(BuiltInResources.Leases, new Fleet.Storage.ObjectKey(IngressNames.Namespace, IngressNames.LeaderLease))
            ?.ToModel<V1Lease>().Spec.HolderIdentity;
}
