using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Physics;

/// <summary>
/// Zone failures injected through the control API, observed as the cluster's own controllers react at their real timings:
/// silent kubelets go NotReady 40 s after their last Lease renewal, their pods are evicted after the 300 s tolerations
/// and replaced in the other zones, and the zone comes back when the fault is reverted.
/// </summary>
public sealed class ZoneFailureTests
{
    private const string Zone = "region-a-1a";

    [Test]
    public Task Zone_power_loss_takes_its_nodes_NotReady_moves_its_pods_and_power_back_recovers() =>
        RunAsync((fleet, lost) => fleet.Control.SetZonePowerLossAsync(Zone, lost), "power loss");

    [Test]
    public Task A_zone_partition_takes_its_nodes_NotReady_moves_its_pods_and_healing_recovers() =>
        RunAsync((fleet, cut) => fleet.Control.SetZonePartitionAsync(Zone, cut), "partition");

    private static async Task RunAsync(Func<PhysicsFleet, bool, Task> fault, string what)
    {
        await using var fleet = await PhysicsFleet.StartAsync(PhysicsFleet.Topology(regions: 1, zonesPerCluster: 3, nodesPerZone: 2), speed: 100);
        var cluster = fleet.Fleet.Clusters.Single();
        var web = fleet.Deploy(cluster, "web", replicas: 6);
        await fleet.EventuallyAsync(() => web.ReadyZones().Distinct().Count() == 3 && web.ReadyPods().Count == 6, TimeSpan.FromMinutes(3), "six ready pods in three zones");
        var zoneNodes = PhysicsFleet.Nodes(cluster).Where(n => n.Metadata.Labels["topology.kubernetes.io/zone"] == Zone).Select(n => n.Metadata.Name).ToHashSet();
        var zonePods = web.LivePods().Where(p => zoneNodes.Contains(p.Spec.NodeName)).Select(p => p.Metadata.Name).ToHashSet();

        await fault(fleet, true);

        await fleet.EventuallyAsync(() => PhysicsFleet.Nodes(cluster).Where(n => zoneNodes.Contains(n.Metadata.Name)).All(n => PhysicsFleet.ReadyStatus(n) == "Unknown"),
            TimeSpan.FromSeconds(90), $"the zone's nodes NotReady after its {what}");
        foreach (var node in PhysicsFleet.Nodes(cluster).Where(n => zoneNodes.Contains(n.Metadata.Name)))
        {
            var lease = cluster.Api.Get(BuiltInResources.Leases, "kube-node-lease", node.Metadata.Name).ToModel<V1Lease>();
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
            Assert.That((ready.LastTransitionTime!.Value - lease.Spec.RenewTime!.Value).TotalSeconds, Is.InRange(39, 52),
                "NotReady 40 s (the monitor grace) after the last Lease renewal, within the 5 s monitor period (transition times are whole seconds)");
            Assert.That(ready.Reason, Is.EqualTo("NodeStatusUnknown"));
        }

        Assert.That(PhysicsFleet.ReadyNodes(cluster), Has.Count.EqualTo(4), "the other zones are untouched");
        await fleet.EventuallyAsync(() => web.ReadyPods().Count == 6 && web.ReadyZones().All(z => z != Zone) && web.LivePods().All(p => !zonePods.Contains(p.Metadata.Name)),
            TimeSpan.FromMinutes(8), "six ready pods in the other zones once the zone's pods are evicted after 300 s");

        await fault(fleet, false);

        await fleet.EventuallyAsync(() => PhysicsFleet.ReadyNodes(cluster).Count == 6 &&
                                           PhysicsFleet.Nodes(cluster).All(n => (n.Spec.Taints?.Count ?? 0) == 0),
            TimeSpan.FromMinutes(2), "every node Ready and untainted again");
        await fleet.EventuallyAsync(() => PhysicsFleet.Pods(cluster, "default").All(p => p.Metadata.DeletionTimestamp is null),
            TimeSpan.FromMinutes(2), "the evicted pods gone once their kubelets are back");
        Assert.That(web.ReadyPods(), Has.Count.EqualTo(6));
        Assert.That((await fleet.Control.GetStateAsync()).Zones.Single(z => z.Name == Zone), Has.Property("Powered").True.And.Property("Partitioned").False);
    }
}
