using System.Diagnostics;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Controllers;

/// <summary>Not a test: measures the controllers at the benchmark's scale (one cluster of 400 nodes, 10,000 pods). Run by hand.</summary>
[Explicit("measurement, minutes of wall time")]
[Category("Performance")]
public sealed class ScaleProbe
{
    [Test]
    public async Task One_cluster_of_400_nodes_and_10000_pods_then_a_zone_loses_power()
    {
        var nodesPerZone = int.Parse(Environment.GetEnvironmentVariable("PROBE_NODES_PER_ZONE") ?? "134", System.Globalization.CultureInfo.InvariantCulture);
        var deployments = int.Parse(Environment.GetEnvironmentVariable("PROBE_DEPLOYMENTS") ?? "100", System.Globalization.CultureInfo.InvariantCulture);
        var replicas = int.Parse(Environment.GetEnvironmentVariable("PROBE_REPLICAS") ?? "100", System.Globalization.CultureInfo.InvariantCulture);
        var speed = double.Parse(Environment.GetEnvironmentVariable("PROBE_SPEED") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
        var wall = Stopwatch.StartNew();
        await using var cluster = await RunningCluster.StartAsync(nodesPerZone: nodesPerZone, speed: speed);
        Report($"{nodesPerZone * 3} nodes ready after {wall.Elapsed.TotalSeconds:F1} s wall");

        wall.Restart();
        for (var i = 0; i < deployments; i++)
        {
            cluster.Create(BuiltInResources.Deployments, """
                {"metadata":{"name":"app-N"},"spec":{"replicas":R,"selector":{"matchLabels":{"app":"app-N"}},
                 "template":{"metadata":{"labels":{"app":"app-N"}},"spec":{"containers":[{"name":"c","image":"app:1","resources":{"requests":{"cpu":"50m","memory":"64Mi"}}}]}}}}
                """.Replace("app-N", $"app-{i}").Replace("\"replicas\":R", $"\"replicas\":{replicas}"));
        }

        var total = deployments * replicas;
        await WaitAsync(() => ReadyPods(cluster) >= total, TimeSpan.FromMinutes(20));
        Report($"{total} pods ready after {wall.Elapsed.TotalSeconds:F1} s wall ({cluster.Now:HH:mm:ss} fleet); failures {cluster.Failures.Count}");
        ReportMemory();

        var zone = cluster.Cluster.Zones[0];
        var zoneNodes = cluster.Nodes().Where(n => n.Metadata.Labels["topology.kubernetes.io/zone"] == zone).Select(n => n.Metadata.Name).ToHashSet();
        var zonePods = cluster.Pods().Where(p => zoneNodes.Contains(p.Spec.NodeName)).Select(p => p.Metadata.Name).ToHashSet();
        cluster.Cluster.Infrastructure.SetPower(zone, false);
        await WaitAsync(() => cluster.Nodes().Any(n => zoneNodes.Contains(n.Metadata.Name) && ReadyStatus(n) == "Unknown"), TimeSpan.FromMinutes(5));
        var firstNotReady = Stopwatch.StartNew();
        await WaitAsync(() => cluster.Nodes().Where(n => zoneNodes.Contains(n.Metadata.Name)).All(n => ReadyStatus(n) == "Unknown" &&
                                  n.Spec.Taints?.Any(t => t.Effect == "NoSchedule") == true), TimeSpan.FromMinutes(5));
        var nodesSettled = firstNotReady.Elapsed;
        await WaitAsync(() => cluster.Pods().Where(p => zonePods.Contains(p.Metadata.Name)).All(p => p.Status.Conditions.Single(c => c.Type == "Ready").Status == "False"),
            TimeSpan.FromMinutes(5));
        var podsSettled = firstNotReady.Elapsed;
        await WaitAsync(() => cluster.Api.List(BuiltInResources.ReplicaSets, new ListRequest("default")).Items.Select(r => r.ToModel<V1ReplicaSet>())
            .Sum(r => r.Status?.ReadyReplicas ?? 0) == total - zonePods.Count, TimeSpan.FromMinutes(5));
        var statusSettled = firstNotReady.Elapsed;
        Report($"zone {zone} ({zoneNodes.Count} nodes, {zonePods.Count} pods) lost: nodes NotReady+tainted {nodesSettled.TotalSeconds:F2} s, " +
               $"pods not ready {podsSettled.TotalSeconds:F2} s, ReplicaSet status {statusSettled.TotalSeconds:F2} s wall after the first NotReady");
        ReportMemory();
    }

    private static string? ReadyStatus(V1Node n) => n.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    private static int ReadyPods(RunningCluster cluster) =>
        cluster.Api.List(BuiltInResources.Pods, new ListRequest("default")).Items
            .Count(p => p.ToModel<V1Pod>().Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);

    private static async Task WaitAsync(Func<bool> condition, TimeSpan wallTimeout)
    {
        var deadline = DateTime.UtcNow + wallTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static void ReportMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Report($"managed heap {GC.GetTotalMemory(true) / 1024 / 1024} MiB, working set {Process.GetCurrentProcess().WorkingSet64 / 1024 / 1024} MiB");
    }

    private static void Report(string line) => TestContext.Progress.WriteLine($"[probe] {line}");
}
