using ChaosHarness.Fleet.Defects;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

public sealed class SchedulingTests
{
    [Test]
    public async Task A_pod_that_fits_nowhere_is_marked_unschedulable_with_the_real_message_and_scheduled_once_room_appears()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        Cordon(cluster, "eu-west-1-a-0");
        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"big"},"spec":{"nodeSelector":{"topology.kubernetes.io/zone":"eu-west-1b"},
             "containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"100"}}}]}}
            """);

        const string expected = "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable. " +
                                "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.";
        // The scheduler may try once before its cache has the cordon; it tries again when the node changes.
        var pending = await cluster.Eventually(() =>
            cluster.Pods().FirstOrDefault(p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False" && c.Message == expected) == true),
            TimeSpan.FromSeconds(30), "the pod marked unschedulable");

        var condition = pending.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.That(condition.Reason, Is.EqualTo("Unschedulable"));
        var failed = cluster.Events().Single(e => e.Reason == "FailedScheduling" && e.Message == expected);
        Assert.That((failed.Type, failed.Source.Component), Is.EqualTo(("Warning", "default-scheduler")));

        var node = cluster.Api.Get(BuiltInResources.Nodes, null, "eu-west-1-b-0").ToJsonObject();
        node["metadata"]!["labels"]!["topology.kubernetes.io/zone"] = "elsewhere";
        cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Nodes, null, "eu-west-1-b-0", node);
        cluster.Api.Delete(ApiCaller.Admin, BuiltInResources.Pods, "default", "big", new DeleteRequest());
        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"small"},"spec":{"nodeSelector":{"topology.kubernetes.io/zone":"eu-west-1c"},"containers":[{"name":"c","image":"i"}]}}
            """);
        var placed = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "small" && p.Spec.NodeName is not null),
            TimeSpan.FromSeconds(30), "the small pod scheduled");
        Assert.That(placed.Spec.NodeName, Is.EqualTo("eu-west-1-c-0"));
    }

    [Test]
    public async Task Taints_keep_pods_away_unless_tolerated_and_a_cordoned_node_carries_the_unschedulable_taint()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1);
        foreach (var name in new[] { "eu-west-1-a-0", "eu-west-1-b-0" })
        {
            var node = cluster.Api.Get(BuiltInResources.Nodes, null, name).ToJsonObject();
            node["spec"]!["taints"] = JsonNode.Parse("""[{"key":"dedicated","value":"db","effect":"NoSchedule"}]""");
            cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Nodes, null, name, node);
        }

        Cordon(cluster, "eu-west-1-c-0");
        var cordoned = await cluster.Eventually(() =>
        {
            var n = cluster.Node("eu-west-1-c-0");
            return n.Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unschedulable" && t.Effect == "NoSchedule") == true ? n : null;
        }, TimeSpan.FromSeconds(30), "the unschedulable taint");
        Assert.That(cordoned.Spec.Taints.Single(t => t.Key == "node.kubernetes.io/unschedulable").TimeAdded, Is.Not.Null);

        cluster.Create(BuiltInResources.Pods, """{"metadata":{"name":"plain"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"db"},"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"db","effect":"NoSchedule"}],
             "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[
               {"key":"kubernetes.io/hostname","operator":"In","values":["eu-west-1-b-0"]}]}]}}},
             "containers":[{"name":"c","image":"i"}]}}
            """);

        var db = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "db" && p.Spec.NodeName is not null),
            TimeSpan.FromSeconds(30), "the tolerating pod scheduled");
        Assert.That(db.Spec.NodeName, Is.EqualTo("eu-west-1-b-0"));
        var plain = await cluster.Eventually(() =>
            cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "plain" && p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true),
            TimeSpan.FromSeconds(30), "the plain pod unschedulable");
        Assert.That(plain.Status.Conditions.Single(c => c.Type == "PodScheduled").Message, Is.EqualTo(
            "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {dedicated: db}. " +
            "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."));
    }

    [Test]
    public async Task With_the_seeded_defect_scheduler_ignores_taints_a_cordoned_and_tainted_node_gets_pods_and_nothing_else_changes()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 1, configure: c => c.Defects.SwitchOn(FleetDefect.SchedulerIgnoresTaints));
        foreach (var name in new[] { "eu-west-1-a-0", "eu-west-1-b-0" })
        {
            var node = cluster.Api.Get(BuiltInResources.Nodes, null, name).ToJsonObject();
            node["spec"]!["taints"] = JsonNode.Parse("""[{"key":"dedicated","value":"db","effect":"NoSchedule"}]""");
            cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Nodes, null, name, node);
        }

        Cordon(cluster, "eu-west-1-c-0");
        await cluster.Eventually(() => cluster.Node("eu-west-1-c-0").Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unschedulable") == true,
            TimeSpan.FromSeconds(30), "the unschedulable taint");

        cluster.Create(BuiltInResources.Pods, """{"metadata":{"name":"plain"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        cluster.Create(BuiltInResources.Pods, """
            {"metadata":{"name":"pinned"},"spec":{"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[
               {"key":"kubernetes.io/hostname","operator":"In","values":["no-such-node"]}]}]}}},
             "containers":[{"name":"c","image":"i"}]}}
            """);

        var plain = await cluster.Eventually(() => cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "plain" && p.Spec.NodeName is not null),
            TimeSpan.FromSeconds(30), "the plain pod placed despite every node's taint");
        Assert.That(plain.Spec.NodeName, Is.AnyOf("eu-west-1-a-0", "eu-west-1-b-0", "eu-west-1-c-0"));
        var pinned = await cluster.Eventually(() =>
            cluster.Pods().FirstOrDefault(p => p.Metadata.Name == "pinned" && p.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true),
            TimeSpan.FromSeconds(30), "the pod with an impossible affinity unschedulable");
        Assert.That(pinned.Status.Conditions.Single(c => c.Type == "PodScheduled").Message, Does.StartWith("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."),
            "only taints are ignored: affinity still filters");
    }

    [Test]
    public async Task Hard_topology_spread_keeps_zones_within_the_skew()
    {
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: 2);
        cluster.Create(BuiltInResources.Deployments, """
            {"metadata":{"name":"spread"},"spec":{"replicas":6,"selector":{"matchLabels":{"app":"spread"}},
             "template":{"metadata":{"labels":{"app":"spread"}},"spec":{
               "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule",
                                             "labelSelector":{"matchLabels":{"app":"spread"}}}],
               "containers":[{"name":"c","image":"i"}]}}}}
            """);
        await cluster.Eventually(() => DeploymentTests.Complete(cluster, "spread"), TimeSpan.FromSeconds(60), "the rollout");

        var perZone = cluster.Pods().GroupBy(p => cluster.Node(p.Spec.NodeName).Metadata.Labels["topology.kubernetes.io/zone"]).Select(g => g.Count()).ToList();
        Assert.That(perZone, Is.EqualTo(new[] { 2, 2, 2 }));
    }

    private static void Cordon(RunningCluster cluster, string name)
    {
        var node = cluster.Api.Get(BuiltInResources.Nodes, null, name).ToJsonObject();
        node["spec"]!["unschedulable"] = true;
        cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Nodes, null, name, node);
    }
}
