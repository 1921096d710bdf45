using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers.NodeLifecycle;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// 5 clusters × 400 nodes × 10,000 pods: the memory the fleet holds once every pod runs, and the wall time the controllers
/// take to settle (every node of the zone NotReady and tainted, every pod on it not ready) once a whole zone stops heartbeating.
/// </summary>
public sealed class FleetScaleBenchmark : IBenchmark
{
    private const int Clusters = 5;
    private const int ZonesPerCluster = 4;
    private const int NodesPerZone = 100;
    private const int DeploymentsPerCluster = 20;
    private const int ReplicasPerDeployment = 500;
    private const double Speed = 10;

    public string Name => "fleet-scale";

    public string Goal => "memory ≤ 2 GiB for 5 × 400 nodes × 10,000 pods; zone-loss settling ≤ 1 s wall";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var regions = Enumerable.Range(0, Clusters).Select(i => $"region-{i}").ToList();
        var topology = FleetTopology.Uniform(regions, ZonesPerCluster, NodesPerZone, new NodeCapacity(Cpu: "64", Memory: "256Gi", Pods: 110));
        var startup = Stopwatch.StartNew();
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Topology = topology, Speed = Speed }, cancellationToken);
        const int podsPerCluster = DeploymentsPerCluster * ReplicasPerDeployment;

        foreach (var cluster in fleet.Clusters)
        {
            for (var d = 0; d < DeploymentsPerCluster; d++) cluster.Api.Create(ApiCaller.Admin, BuiltInResources.Deployments, "default", Deployment($"app-{d}"));
        }

        var running = await FleetProbe.WaitAsync(
            () => fleet.Clusters.All(c => FleetProbe.Count(c, BuiltInResources.Pods, FleetProbe.IsPodReady) >= podsPerCluster),
            TimeSpan.FromMinutes(20), TimeSpan.FromSeconds(2), cancellationToken);
        Console.WriteLine($"  {Clusters * podsPerCluster} pods ready after {running.TotalSeconds:0} s wall (fleet up in {startup.Elapsed.TotalSeconds - running.TotalSeconds:0.0} s)");

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;

        var target = fleet.Clusters[0];
        var zone = target.Zones[0];
        var zoneNodes = target.Nodes.InZone(zone).Select(n => n.NodeName).ToHashSet();
        foreach (var node in target.Nodes.InZone(zone)) node.StopKubelet();

        // The controllers owe nothing before every node's grace period has run out and the monitor has had one period to
        // see it: settling is measured from there, so the figure is the controllers' own lag, not the heartbeat spread.
        var lastRenewal = target.Store.List(BuiltInResources.Leases, "kube-node-lease", l => zoneNodes.Contains(l.Name)).Items
            .Max(l => DateTimeOffset.Parse(l.ToJsonObject()["spec"]!["renewTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var due = lastRenewal + NodeLifecycleController.MonitorGracePeriod + NodeLifecycleController.MonitorPeriod;
        var firstNotReady = await FleetProbe.WaitAsync(
            () => FleetProbe.Count(target, BuiltInResources.Nodes, n => zoneNodes.Contains(n.Name) && !FleetProbe.IsNodeReady(n)) > 0,
            TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(5), cancellationToken);
        await FleetProbe.WaitAsync(() => fleet.Clock.GetUtcNow() >= due, TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(5), cancellationToken);
        var settled = await FleetProbe.WaitAsync(
            () => FleetProbe.Count(target, BuiltInResources.Nodes, n => zoneNodes.Contains(n.Name) && !FleetProbe.IsNodeReady(n)) == zoneNodes.Count
                  && FleetProbe.Count(target, BuiltInResources.Pods, p => zoneNodes.Contains(p.FieldValue("spec.nodeName") ?? "") && FleetProbe.IsPodReady(p)) == 0,
            TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(50), cancellationToken);
        Console.WriteLine($"  first node of {zone} NotReady {firstNotReady.TotalSeconds:0.0} s wall after its kubelets stopped");

        return
        [
            new Figure($"managed heap, {Clusters} clusters × {ZonesPerCluster * NodesPerZone} nodes × {podsPerCluster} pods", managed / 1024.0 / 1024 / 1024, "GiB"),
            new Figure("process working set", workingSet / 1024.0 / 1024 / 1024, "GiB"),
            new Figure($"settling after zone {zone} ({zoneNodes.Count} nodes, {podsPerCluster / ZonesPerCluster} pods) stopped heartbeating, from the end of the last grace period + one monitor period", settled.TotalSeconds, "s wall"),
        ];
    }

    private static JsonObject Deployment(string name) => JsonNode.Parse($$"""
        {
          "metadata": { "name": "{{name}}" },
          "spec": {
            "replicas": {{ReplicasPerDeployment}},
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { "containers": [ { "name": "app", "image": "shop/{{name}}:v1", "resources": { "requests": { "cpu": "10m", "memory": "16Mi" } } } ] }
            }
          }
        }
        """)!.AsObject();
}
