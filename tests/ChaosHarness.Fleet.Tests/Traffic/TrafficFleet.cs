using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Ingress;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Traffic;

/// <summary>
/// A fleet of simulated clusters wired as <see cref="EmbeddedFleet"/> wires them — shared infrastructure, defects, image
/// catalogue and metrics; the ingress controller and demo app installed at bootstrap; every cluster's default controllers;
/// the fleet's traffic — without the clusters' HTTP API servers, on an accelerated clock.
/// </summary>
internal sealed class TrafficFleet : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WallLimit = TimeSpan.FromSeconds(90);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, IngressController> _ingress = new();

    private TrafficFleet(IReadOnlyList<SimulatedCluster> clusters, FleetTraffic traffic, TimeProvider clock)
    {
        Clusters = clusters;
        Traffic = traffic;
        Clock = clock;
    }

    public IReadOnlyList<SimulatedCluster> Clusters { get; }
    public FleetTraffic Traffic { get; }
    public TimeProvider Clock { get; }
    public FleetInfrastructure Infrastructure => Clusters[0].Infrastructure;
    public FleetDefects Defects => Clusters[0].Defects;
    public ImageCatalogue Images => Clusters[0].Images;
    public GlobalLoadBalancer LoadBalancer => Traffic.LoadBalancer;
    public DateTimeOffset Now => Clock.GetUtcNow();
    public SimulatedCluster this[string name] => Clusters.Single(c => c.Name == name);

    public static async Task<TrafficFleet> StartAsync(
        int regions = 3,
        int nodesPerZone = 2,
        double speed = 50,
        TrafficOptions? traffic = null,
        IEnumerable<FleetDefect>? defects = null,
        bool waitUntilServing = true)
    {
        var options = traffic ?? new TrafficOptions { LoadRequestsPerSecond = 0, ServeHttp = false };
        var topology = FleetTopology.Uniform([.. new[] { "eu-west", "us-east", "ap-southeast" }.Take(regions)], 3, nodesPerZone, new NodeCapacity());
        var clock = new AcceleratedTimeProvider(speed);
        var infrastructure = new FleetInfrastructure();
        var fleetDefects = new FleetDefects(defects);
        var images = ImageCatalogue.CreateDefault();
        var clusters = topology.Clusters.Select(t => new SimulatedCluster(t, clock, seed: 11, watchHistoryCapacity: 200_000)
        {
            Infrastructure = infrastructure,
            Defects = fleetDefects,
            Images = images,
        }).ToList();
        var fleetTraffic = new FleetTraffic(clusters, options, clock, seed: 11);
        var fleet = new TrafficFleet(clusters, fleetTraffic, clock);
        foreach (var cluster in clusters)
        {
            cluster.ControllerFailed += (controller, key, error) =>
            {
                if (error is not ApiException { Code: 409 } || controller == "traffic-workloads") fleet._failures.Enqueue($"{cluster.Name} {controller} {key}: {error.Message}");
            };
            cluster.Bootstrap();
            FleetTraffic.Install(cluster, options);
            foreach (var controller in DefaultControllers.For(cluster))
            {
                if (controller is IngressController ingress) fleet._ingress[cluster.Name] = ingress;
                fleet._loops.Add(Task.Run(() => controller.RunAsync(cluster, fleet._stopping.Token)));
            }
        }

        await fleetTraffic.StartAsync(CancellationToken.None);
        if (waitUntilServing) await fleet.UntilServingAsync();
        return fleet;
    }

    /// <summary>
    /// Every cluster's demo Rollout is Healthy, its ingress and app serve, and it is healthy behind the load balancer. The
    /// deadlines are generous in fleet time: a cold start (JIT of every controller) on a busy machine lets the accelerated
    /// clock run far ahead of the work, and nothing is measured here.
    /// </summary>
    public async Task UntilServingAsync()
    {
        await Eventually(() => Clusters.All(c => c.Store.Get(ArgoResources.Rollouts, new ObjectKey(DemoAppManifests.Namespace, DemoAppManifests.Name)) is not null
                && DemoRollout.Phase(c) == "Healthy"),
            TimeSpan.FromMinutes(20), "the demo app installed once the nodes are up, and its Rollout Healthy");
        await Eventually(() => Clusters.All(c => c.Traffic.Routes is { Ingress.Count: 3, App.Stable.Count: DemoAppManifests.DefaultReplicas }),
            TimeSpan.FromMinutes(10), "every cluster's ingress and app to serve");
        await Eventually(() => LoadBalancer.Backends.All(b => b.Healthy), TimeSpan.FromMinutes(10), "every cluster healthy behind the load balancer");
    }

    /// <summary>The control side of a cluster's ingress controller.</summary>
    public IngressController Ingress(SimulatedCluster cluster) => _ingress[cluster.Name];

    /// <summary>Waits until <paramref name="probe"/> gives a value, looking once per fleet second, or fails after <paramref name="fleetTimeout"/>.</summary>
    public async Task<T> Eventually<T>(Func<T?> probe, TimeSpan fleetTimeout, string what) where T : class
    {
        var deadline = Now + fleetTimeout;
        var wallDeadline = DateTime.UtcNow + WallLimit;
        using var tick = new PeriodicTimer(Poll, Clock);
        while (true)
        {
            if (probe() is { } value) return value;
            if (Now > deadline || DateTime.UtcNow > wallDeadline)
            {
                Assert.Fail($"Timed out after {fleetTimeout} of fleet time waiting for {what}.{State()}{FailureReport()}");
            }

            await tick.WaitForNextTickAsync();
        }
    }

    public Task Eventually(Func<bool> condition, TimeSpan fleetTimeout, string what) =>
        Eventually(() => condition() ? "" : null, fleetTimeout, what);

    /// <summary>Lets <paramref name="span"/> of fleet time pass while the fleet runs (for "stays so" checks).</summary>
    public async Task During(TimeSpan span, Action? eachSecond = null)
    {
        var until = Now + span;
        using var tick = new PeriodicTimer(Poll, Clock);
        while (Now < until)
        {
            eachSecond?.Invoke();
            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>Routes <paramref name="count"/> requests through the load balancer, as the endpoint would.</summary>
    public IReadOnlyList<TrafficOutcome> Send(int count, SeededStream? stream = null)
    {
        stream ??= new SeededStream(42);
        var outcomes = new TrafficOutcome[count];
        for (var i = 0; i < count; i++)
        {
            var dice = stream.Next();
            outcomes[i] = LoadBalancer.Route(ref dice);
        }

        return outcomes;
    }

    /// <summary>What the fleet looks like, for a failure message.</summary>
    public string State() => "\n" + string.Join("\n", Clusters.Select(c =>
    {
        var rollout = c.Store.Get(ArgoResources.Rollouts, new ObjectKey(DemoAppManifests.Namespace, DemoAppManifests.Name))?.ToJsonObject();
        var routes = c.Traffic.Routes;
        var nodes = c.Api.List(BuiltInResources.Nodes, new ListRequest()).Items.Select(n => n.ToModel<V1Node>()).ToList();
        var ready = nodes.Count(n => n.Status?.Conditions?.Any(x => x.Type == "Ready" && x.Status == "True") == true);
        return $"{c.Name}: nodes {ready}/{nodes.Count} Ready; rollout {rollout?["status"]?["phase"]} '{rollout?["status"]?["message"]}' weights {rollout?["status"]?["canary"]?["weights"]?.ToJsonString()}; " +
            $"ingress pods serving {routes.Ingress.Count}, app stable {routes.App?.Stable.Count} canary {routes.App?.Canary.Count} weight {routes.App?.CanaryWeight}; " +
            $"pods {string.Join(" ", Pods(c, DemoAppManifests.Namespace).Select(p => $"{p.Metadata.Name}:{p.Status?.Phase}"))}; " +
            $"argo-rollouts pods {string.Join(" ", Pods(c, "argo-rollouts").Select(p => $"{p.Metadata.Name}:{p.Status?.Phase}/{p.Spec.NodeName}"))}; " +
            $"deployments {string.Join(" ", c.Api.List(BuiltInResources.Deployments, new ListRequest()).Items.Select(d => d.Name))}; " +
            $"replicasets {string.Join(" ", c.Api.List(BuiltInResources.ReplicaSets, new ListRequest()).Items.Select(d => d.Name))}; " +
            $"all pods {c.Api.List(BuiltInResources.Pods, new ListRequest()).Items.Count}; " +
            $"lb {LoadBalancer.Backend(c.Name)}";
    }));

    public string FailureReport() => _failures.IsEmpty ? "" : "\nController failures:\n" + string.Join("\n", _failures.Take(10));

    public IReadOnlyCollection<string> Failures => _failures;

    public static IReadOnlyList<V1Pod> Pods(SimulatedCluster cluster, string ns) =>
        [.. cluster.Api.List(BuiltInResources.Pods, new ListRequest(ns)).Items.Select(p => p.ToModel<V1Pod>())];

    public static V1Deployment IngressDeployment(SimulatedCluster cluster) =>
        cluster.Api.Get(BuiltInResources.Deployments, IngressNames.Namespace, IngressNames.Deployment).ToModel<V1Deployment>();

    public static StoredObject Patch(SimulatedCluster cluster, ResourceType type, string ns, string name, JsonObject patch, string? subresource = null) =>
        cluster.Api.Patch(ApiCaller.Admin, type, ns, name, PatchType.Merge, System.Text.Encoding.UTF8.GetBytes(patch.ToJsonString()), subresource);

    /// <summary>Upgrades the cluster's ingress controller to <paramref name="image"/>, rolling (or, with <paramref name="recreate"/>, all at once).</summary>
    public static void UpgradeIngress(SimulatedCluster cluster, string image, bool recreate = false)
    {
        var deployment = cluster.Api.Get(BuiltInResources.Deployments, IngressNames.Namespace, IngressNames.Deployment).ToJsonObject();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        if (recreate) deployment["spec"]!["strategy"] = new JsonObject { ["type"] = "Recreate" };
        cluster.Api.Replace(ApiCaller.Admin, BuiltInResources.Deployments, IngressNames.Namespace, IngressNames.Deployment, deployment);
    }

    /// <summary>The images of the cluster's ingress controller pods that can take traffic.</summary>
    public static IReadOnlyList<string> ServingIngressImages(SimulatedCluster cluster) => [.. cluster.Traffic.Routes.Ingress.Select(p => p.Image)];

    /// <summary>Cuts the power of a zone as the failure physics do: the zone's state and every machine in it.</summary>
    public void PowerOff(string zone)
    {
        Infrastructure.SetPower(zone, false);
        foreach (var cluster in Clusters)
        {
            foreach (var agent in cluster.Nodes.InZone(zone)) agent.PowerOff();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Traffic.DisposeAsync();
        await _stopping.CancelAsync();
        foreach (var cluster in Clusters) cluster.Store.CloseAllWatches();
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
