using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Topology;
using k8s.Models;

using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Fleet.Tests.Controllers;

/// <summary>One simulated cluster with its default controllers running on an accelerated clock, without the HTTP front end.</summary>
internal sealed class RunningCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentQueue<string> _failures = new();

    private RunningCluster(SimulatedCluster cluster) => Cluster = cluster;

    public SimulatedCluster Cluster { get; }
    public ClusterApi Api => Cluster.Api;
    public TimeProvider Clock => Cluster.Clock;
    public DateTimeOffset Now => Clock.GetUtcNow();
    public IReadOnlyCollection<string> Failures =>
        [.. _loops.Where(l => l.IsFaulted).Select(l => $"a control loop crashed: {l.Exception!.InnerException}"), .. _failures];

    /// <summary>
    /// Three zones of <paramref name="nodesPerZone"/> nodes, at <paramref name="speed"/> times wall time; returns once every node
    /// is registered and Ready (cold start takes a good part of a wall second, which is minutes of fleet time).
    /// </summary>
    public static async Task<RunningCluster> StartAsync(int nodesPerZone = 2, double speed = 100, int zones = 3, NodeCapacity? capacity = null,
        Action<SimulatedCluster>? configure = null)
    {
        var running = Start(nodesPerZone, speed, zones, capacity, configure);
        var expected = zones * nodesPerZone;
        await running.ColdStartAsync(
            () => running.Nodes().Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) >= expected,
            $"The cluster's {expected} nodes did not all become Ready.");

        await running.WarmUpAsync();
        return running;
    }

    /// <summary>Runs one pod through scheduling, start and deletion, so that later fleet-time measurements do not include JIT.</summary>
    private async Task WarmUpAsync()
    {
        Create(BuiltInResources.Pods, """{"metadata":{"name":"warm-up"},"spec":{"containers":[{"name":"warm-up","image":"warm-up"}]}}""", "kube-system");
        await ColdStartAsync(
            () => Pods("kube-system").Any(p => p.Metadata.Name == "warm-up" && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true),
            "The warm-up pod did not become Ready.");
        Api.Delete(ApiCaller.Admin, BuiltInResources.Pods, "kube-system", "warm-up", new DeleteRequest());
        await ColdStartAsync(() => Pods("kube-system").All(p => p.Metadata.Name != "warm-up"), "The warm-up pod was not deleted.");
    }

    /// <summary>Cold start (JIT, registration) is not under test: only a wall-clock bound applies.</summary>
    private async Task ColdStartAsync(Func<bool> condition, string failure)
    {
        if (await StoreWait.UntilAsync([Cluster.Store], Clock, () => condition() ? "" : null, TimeSpan.MaxValue / 4, TimeSpan.FromSeconds(30)) is null)
        {
            Assert.Fail($"{failure}{FailureReport()}");
        }
    }

    private static RunningCluster Start(int nodesPerZone, double speed, int zones, NodeCapacity? capacity, Action<SimulatedCluster>? configure)
    {
        var topology = FleetTopology.Uniform(["eu-west"], zones, nodesPerZone, capacity ?? new NodeCapacity()).Clusters[0];
        var cluster = new SimulatedCluster(topology, new AcceleratedTimeProvider(speed), seed: 7, watchHistoryCapacity: 200_000);
        configure?.Invoke(cluster);
        cluster.Bootstrap();
        var running = new RunningCluster(cluster);
        cluster.ControllerFailed += (controller, key, error) =>
        {
            if (error is not ApiException { Code: 409 }) running._failures.Enqueue($"{controller} {key}: {error}");
        };
        foreach (var controller in DefaultControllers.For(cluster))
        {
            running._loops.Add(Task.Run(() => controller.RunAsync(cluster, running._stopping.Token)));
        }

        return running;
    }

    /// <summary>Waits, polling the store, until <paramref name="probe"/> returns a value, or fails after <paramref name="fleetTimeout"/> of fleet time.</summary>
    public async Task<T> Eventually<T>(Func<T?> probe, TimeSpan fleetTimeout, string what) where T : class
        => await StoreWait.UntilAsync([Cluster.Store], Clock, probe, fleetTimeout, TimeSpan.FromSeconds(60))
           ?? throw new AssertionException($"Timed out after {fleetTimeout} of fleet time waiting for {what}.{FailureReport()}");

    /// <summary>Checks <paramref name="condition"/> at every change for <paramref name="fleetTime"/>, failing the moment it stops holding.</summary>
    public async Task Holds(Func<bool> condition, TimeSpan fleetTime, string what)
    {
        if (!await StoreWait.HoldsAsync([Cluster.Store], Clock, condition, fleetTime))
        {
            Assert.Fail($"Stopped holding: {what}.{FailureReport()}");
        }
    }

    public Task Eventually(Func<bool> condition, TimeSpan fleetTimeout, string what) =>
        Eventually(() => condition() ? "" : null, fleetTimeout, what);

    public string FailureReport()
    {
        var crashed = _loops.Where(l => l.IsFaulted).Select(l => $"a control loop crashed: {l.Exception!.InnerException}");
        var all = crashed.Concat(_failures).Take(10).ToList();
        return all.Count == 0 ? "" : "\nController failures:\n" + string.Join("\n", all);
    }

    public IReadOnlyList<V1Pod> Pods(string ns = "default") =>
        [.. Api.List(BuiltInResources.Pods, new ListRequest(ns)).Items.Select(p => p.ToModel<V1Pod>())];

    public IReadOnlyList<V1Node> Nodes() => [.. Api.List(BuiltInResources.Nodes, new ListRequest()).Items.Select(n => n.ToModel<V1Node>())];

    public V1Node Node(string name) => Api.Get(BuiltInResources.Nodes, null, name).ToModel<V1Node>();

    public T Get<T>(ResourceType type, string name, string? ns = "default") => Api.Get(type, ns, name).ToModel<T>();

    public T? Find<T>(ResourceType type, string name, string? ns = "default") where T : class =>
        Cluster.Store.Get(type, new ObjectKey(type.Namespaced ? ns : null, name))?.ToModel<T>();

    public StoredObject Create(ResourceType type, string yamlishJson, string ns = "default") =>
        Api.Create(ApiCaller.Admin, type, ns, JsonNode.Parse(yamlishJson)!.AsObject());

    public IReadOnlyList<Corev1Event> Events(string? ns = null) =>
        [.. Api.List(BuiltInResources.Events, new ListRequest(ns)).Items.Select(e => e.ToModel<Corev1Event>())];

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Cluster.Store.CloseAllWatches();
        try
        {
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }
}
