using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

/// <summary>The key scenario: nodes that stop renewing their Lease go NotReady and lose their pods at the real timings.</summary>
public sealed class NodeLifecycleTests
{
    private const string App = """
        {"metadata":{"name":"web"},
         "spec":{"replicas":6,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"app","image":"web:1","resources":{"requests":{"cpu":"100m"}}}]}}}}
        """;

    [Test]
    public async Task A_node_whose_kubelet_stops_goes_NotReady_then_its_pods_are_evicted_and_replaced_elsewhere_and_it_recovers()
    {
        // At 50x a 40 ms hiccup of the test machine is 2 s of fleet time: slow enough to assert the real timings closely.
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2, speed: 50);
        cluster.Create(BuiltInResources.Deployments, App);
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(120), "the rollout");
        var lost = cluster.Pods().GroupBy(p => p.Spec.NodeName).OrderByDescending(g => g.Count()).First();
        var node = lost.Key;
        var podsOnNode = lost.Select(p => p.Metadata.Name).ToHashSet();

        cluster.Cluster.Nodes[node].StopKubelet();

        var notReady = await cluster.Eventually(() =>
        {
            var n = cluster.Node(node);
            return n.Status.Conditions.Single(c => c.Type == "Ready").Status == "Unknown" ? n : null;
        }, TimeSpan.FromSeconds(120), "the node NotReady");
        var lastRenewal = cluster.Get<V1Lease>(BuiltInResources.Leases, node, "kube-node-lease").Spec.RenewTime!.Value;
        var ready = notReady.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.That((ready.Reason, ready.Message), Is.EqualTo(("NodeStatusUnknown", "Kubelet stopped posting node status.")));
        Assert.That((ready.LastTransitionTime!.Value - lastRenewal).TotalSeconds, Is.InRange(40, 52), "NotReady 40-50 s after the last renewal (2 s for scheduling jitter at 100x)");
        Assert.That(notReady.Status.Conditions.Select(c => (c.Type, c.Status, c.Reason)), Is.EquivalentTo(new[]
        {
            ("Ready", "Unknown", "NodeStatusUnknown"), ("MemoryPressure", "Unknown", "NodeStatusUnknown"),
            ("DiskPressure", "Unknown", "NodeStatusUnknown"), ("PIDPressure", "Unknown", "NodeStatusUnknown"),
        }));

        var tainted = await cluster.Eventually(() =>
        {
            var n = cluster.Node(node);
            return n.Spec.Taints?.Count(t => t.Key == "node.kubernetes.io/unreachable") == 2 ? n : null;
        }, TimeSpan.FromSeconds(30), "the unreachable taints");
        Assert.That(tainted.Spec.Taints.Select(t => (t.Key, t.Effect)), Is.EquivalentTo(new[]
        {
            ("node.kubernetes.io/unreachable", "NoSchedule"), ("node.kubernetes.io/unreachable", "NoExecute"),
        }));
        var noExecuteAdded = tainted.Spec.Taints.Single(t => t.Effect == "NoExecute").TimeAdded!.Value;
        await cluster.Eventually(() => cluster.Pods().Where(p => podsOnNode.Contains(p.Metadata.Name))
            .All(p => p.Status.Conditions.Single(c => c.Type == "Ready").Status == "False"), TimeSpan.FromSeconds(20), "its pods not ready");
        Assert.That(cluster.Events().Any(e => e.Reason == "NodeNotReady" && e.InvolvedObject.Name == node &&
                                              e.Message == $"Node {node} status is now: NodeNotReady"));

        var evicted = await cluster.Eventually(() =>
        {
            var pods = cluster.Pods().Where(p => podsOnNode.Contains(p.Metadata.Name)).ToList();
            return pods.All(p => p.Metadata.DeletionTimestamp is not null) ? pods : null;
        }, TimeSpan.FromSeconds(400), "its pods evicted");
        var disruption = evicted[0].Status.Conditions.Single(c => c.Type == "DisruptionTarget");
        Assert.That((disruption.Reason, disruption.Message), Is.EqualTo(("DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint")));
        var evictedAt = cluster.Events().Where(e => e.Reason == "TaintManagerEviction" && e.Message.StartsWith("Marking for deletion Pod default/", StringComparison.Ordinal))
            .Select(e => e.FirstTimestamp!.Value).Min();
        Assert.That((evictedAt - noExecuteAdded).TotalSeconds, Is.InRange(299, 312), "eviction 300 s after the NoExecute taint");

        var replaced = await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(120), "replacements");
        var live = cluster.Pods().Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        Assert.That(live, Has.Count.EqualTo(6));
        Assert.That(live.Select(p => p.Spec.NodeName), Has.None.EqualTo(node));
        Assert.That(replaced.Status.AvailableReplicas, Is.EqualTo(6));

        cluster.Cluster.Nodes[node].StartKubelet();
        await cluster.Eventually(() =>
        {
            var n = cluster.Node(node);
            return n.Status.Conditions.Single(c => c.Type == "Ready").Status == "True" && (n.Spec.Taints is null || n.Spec.Taints.Count == 0);
        }, TimeSpan.FromSeconds(60), "the node Ready again without taints");
        await cluster.Eventually(() => !cluster.Pods().Any(p => podsOnNode.Contains(p.Metadata.Name)), TimeSpan.FromSeconds(30),
            "its terminating pods deleted by the kubelet");
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task A_zone_without_power_is_tainted_at_the_zone_eviction_rate_and_its_pods_move_to_the_other_zones()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 3);
        cluster.Create(BuiltInResources.Deployments, App);
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(120), "the rollout");
        const string zone = "eu-west-1a";
        var zoneNodes = cluster.Nodes().Where(n => n.Metadata.Labels["topology.kubernetes.io/zone"] == zone).Select(n => n.Metadata.Name).ToHashSet();

        cluster.Cluster.Infrastructure.SetPower(zone, false);

        var tainted = await cluster.Eventually(() =>
        {
            var nodes = cluster.Nodes().Where(n => zoneNodes.Contains(n.Metadata.Name)).ToList();
            return nodes.All(n => n.Spec.Taints?.Any(t => t.Effect == "NoExecute") == true) ? nodes : null;
        }, TimeSpan.FromSeconds(200), "every node of the zone tainted NoExecute");
        var taintTimes = tainted.Select(n => n.Spec.Taints.Single(t => t.Effect == "NoExecute").TimeAdded!.Value).Order().ToList();
        var gaps = taintTimes.Zip(taintTimes.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.That(gaps, Has.All.InRange(8, 13), "a fully disrupted zone is tainted at 0.1 node/s");

        await cluster.Eventually(() =>
        {
            var live = cluster.Pods().Where(p => p.Metadata.DeletionTimestamp is null).ToList();
            return live.Count == 6 && live.All(p => !zoneNodes.Contains(p.Spec.NodeName) &&
                                                    p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        }, TimeSpan.FromSeconds(500), "six ready pods in the other zones");

        cluster.Cluster.Infrastructure.SetPower(zone, true);
        await cluster.Eventually(() => cluster.Nodes().Where(n => zoneNodes.Contains(n.Metadata.Name))
            .All(n => n.Status.Conditions.Single(c => c.Type == "Ready").Status == "True" && (n.Spec.Taints?.Count ?? 0) == 0),
            TimeSpan.FromSeconds(90), "the zone's nodes back without taints");
        await cluster.Eventually(() => cluster.Pods().All(p => p.Metadata.DeletionTimestamp is null), TimeSpan.FromSeconds(60),
            "the evicted pods gone once their kubelets are back");
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }

    [Test]
    public async Task When_every_zone_is_lost_nothing_is_evicted_and_no_NoExecute_taint_stays()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1, zones: 2);
        cluster.Create(BuiltInResources.Deployments, App.Replace("\"replicas\":6", "\"replicas\":2"));
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "web"), TimeSpan.FromSeconds(120), "the rollout");

        foreach (var zone in cluster.Cluster.Zones) cluster.Cluster.Infrastructure.SetPower(zone, false);
        await cluster.Eventually(() => cluster.Nodes().All(n => n.Status.Conditions.Single(c => c.Type == "Ready").Status == "Unknown"),
            TimeSpan.FromSeconds(120), "every node NotReady");
        var since = cluster.Now;
        await cluster.Eventually(() => cluster.Now - since > TimeSpan.FromSeconds(400) ? "" : null, TimeSpan.FromSeconds(500), "400 s to pass");

        Assert.That(cluster.Pods().Where(p => p.Metadata.DeletionTimestamp is not null), Is.Empty, "no pod evicted");
        Assert.That(cluster.Nodes().SelectMany(n => n.Spec.Taints ?? []).Where(t => t.Effect == "NoExecute"), Is.Empty);
        Assert.That(cluster.Nodes().SelectMany(n => n.Spec.Taints ?? []).Select(t => (t.Key, t.Effect)),
            Has.All.EqualTo(("node.kubernetes.io/unreachable", "NoSchedule")));
        Assert.That(cluster.Failures, Is.Empty, cluster.FailureReport());
    }
}
