using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;
using k8s;
using k8s.Models;

using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Fleet.Tests.Physics;

/// <summary>
/// A running embedded fleet for failure-physics tests, driven as the harness drives it: faults through the control API
/// (<see cref="EmbeddedFleetControl"/>), observations through KubernetesClient. Traffic is left out unless asked for.
/// </summary>
internal sealed class PhysicsFleet : IAsyncDisposable
{
    private PhysicsFleet(EmbeddedFleet fleet)
    {
        Fleet = fleet;
        Control = new EmbeddedFleetControl(new Uri(FleetStateFile.Parse(File.ReadAllText(fleet.FleetFilePath)).ControlUrl!));
    }

    public EmbeddedFleet Fleet { get; }
    public EmbeddedFleetControl Control { get; }
    public DateTimeOffset Now => Fleet.Clock.GetUtcNow();

    public static FleetTopology Topology(int regions, int zonesPerCluster, int nodesPerZone) =>
        FleetTopology.Uniform([.. Enumerable.Range(0, regions).Select(r => $"region-{(char)('a' + r)}")], zonesPerCluster, nodesPerZone, new NodeCapacity());

    /// <summary>Starts the fleet and returns once every node of every cluster is Ready.</summary>
    public static async Task<PhysicsFleet> StartAsync(FleetTopology topology, double speed)
    {
        var fleet = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = topology,
            Speed = speed,
            Traffic = new TrafficOptions { InstallDemoApp = false, InstallIngress = false, ServeHttp = false, LoadRequestsPerSecond = 0 },
        });
        var running = new PhysicsFleet(fleet);
        foreach (var cluster in fleet.Clusters)
        {
            var expected = cluster.Topology.Zones.Count * cluster.Topology.NodesPerZone;
            await running.EventuallyAsync(() => ReadyNodes(cluster).Count == expected, TimeSpan.FromMinutes(5), $"{expected} Ready nodes in {cluster.Name}");
        }

        return running;
    }

    public Kubernetes ClientFor(SimulatedCluster cluster, TimeSpan? timeout = null)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: cluster.Name);
        if (timeout is { } t) config.HttpClientTimeout = t;
        return new Kubernetes(config);
    }

    public static IReadOnlyList<V1Node> Nodes(SimulatedCluster cluster) =>
        [.. cluster.Api.List(BuiltInResources.Nodes, new ListRequest()).Items.Select(n => n.ToModel<V1Node>())];

    public static IReadOnlyList<V1Node> ReadyNodes(SimulatedCluster cluster) =>
        [.. Nodes(cluster).Where(n => ReadyStatus(n) == "True")];

    public static string? ReadyStatus(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    public static IReadOnlyList<V1Pod> Pods(SimulatedCluster cluster, string ns) =>
        [.. cluster.Api.List(BuiltInResources.Pods, new ListRequest(ns)).Items.Select(p => p.ToModel<V1Pod>())];

    /// <summary>Waits for <paramref name="condition"/>, failing after <paramref name="fleetTimeout"/> of fleet time (or a minute of wall time).</summary>
    public async Task EventuallyAsync(Func<bool> condition, TimeSpan fleetTimeout, string what)
    {
        var stores = Fleet.Clusters.Select(c => c.Store).ToList();
        if (await StoreWait.UntilAsync(stores, Fleet.Clock, () => condition() ? "" : null, fleetTimeout, TimeSpan.FromMinutes(1)) is null)
        {
            Assert.Fail($"Timed out after {fleetTimeout} of fleet time waiting for {what}.");
        }
    }

    public StoredDeployment Deploy(SimulatedCluster cluster, string name, int replicas, string ns = "default")
    {
        cluster.Api.Create(ApiCaller.Admin, BuiltInResources.Deployments, ns, System.Text.Json.Nodes.JsonNode.Parse("""
            {"metadata":{"name":"$NAME"},
             "spec":{"replicas":$REPLICAS,"selector":{"matchLabels":{"app":"$NAME"}},
                     "template":{"metadata":{"labels":{"app":"$NAME"}},
                                 "spec":{"containers":[{"name":"app","image":"$NAME:1","resources":{"requests":{"cpu":"100m"}}}]}}}}
            """.Replace("$NAME", name, StringComparison.Ordinal).Replace("$REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject());
        return new StoredDeployment(cluster, ns, name, replicas);
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Fleet.DisposeAsync();
    }
}
