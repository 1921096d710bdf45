using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Ingress;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The traffic path inside one cluster: a request enters at a ready ingress controller pod, which sends it to the canary or
/// the stable version of the front-door app by the weights in its synced routes, then to a ready pod of that version that
/// can be reached. The routing table is rebuilt lazily, on the first request after anything it depends on changed (pods,
/// the routes ConfigMap, node power, zone power and network, the image catalogue); requests read it without locks.
/// </summary>
public sealed class ClusterTraffic
{
    private static readonly TimeSpan EdgeLatency = TimeSpan.FromMilliseconds(1);

    private readonly SimulatedCluster _cluster;
    private readonly Lock _build = new();
    private readonly PodReachability _reachability;
    private ClusterRoutes _routes = ClusterRoutes.Empty;
    private int _dirty = 1;
    private Informer<V1Pod>? _pods;
    private Informer? _configMaps;
    private List<JsonObject> _workloads = [];
    private TrafficMetrics _metrics;

    public ClusterTraffic(SimulatedCluster cluster)
    {
        _cluster = cluster;
        _reachability = new PodReachability(cluster);
        _metrics = new TrafficMetrics(cluster.Clock);
    }

    public string Cluster => _cluster.Name;
    public string Region => _cluster.Region;

    /// <summary>Where the requests this cluster's app pods answer are counted: the fleet's metrics once its traffic is set up.</summary>
    public TrafficMetrics Metrics
    {
        get => _metrics;
        set
        {
            _metrics = value;
            Invalidate();
        }
    }

    /// <summary>The app the fleet's traffic is for.</summary>
    public AppKey FrontDoor { get; set; } = DemoApp.DemoAppManifests.App;

    /// <summary>Adds objects (the ingress controller, the demo app) that <see cref="WorkloadBootstrap"/> creates once the nodes are up.</summary>
    public void AddWorkloads(IEnumerable<JsonObject> objects)
    {
        lock (_build) _workloads.AddRange(objects);
    }

    internal IReadOnlyList<JsonObject> TakeWorkloads()
    {
        lock (_build)
        {
            var taken = _workloads;
            _workloads = [];
            return taken;
        }
    }

    /// <summary>The cluster's current routing table.</summary>
    public ClusterRoutes Routes
    {
        get
        {
            if (Volatile.Read(ref _dirty) == 0) return Volatile.Read(ref _routes);
            lock (_build)
            {
                if (Interlocked.Exchange(ref _dirty, 0) != 0) Volatile.Write(ref _routes, Build());
                return _routes;
            }
        }
    }

    /// <summary>Starts following the cluster's pods and routes through its shared informers; detaches when cancelled.</summary>
    internal async Task FollowAsync(SharedInformers informers, CancellationToken cancellationToken)
    {
        _pods = informers.Pods;
        // ConfigMaps are cached at the level of stored objects by the fleet's other controllers; the routes are parsed here.
        _configMaps = informers.Any(BuiltInResources.ConfigMaps);
        _pods.AddHandler(InformerHandler<V1Pod>.OnAnyChange(_ => Invalidate()));
        _configMaps.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(c => { if (c.Name == IngressNames.RoutesConfigMap) Invalidate(); }));
        var infrastructure = _cluster.Infrastructure;
        var images = _cluster.Images;
        infrastructure.Changed += Invalidate;
        images.Changed += Invalidate;
        foreach (var agent in _reachability.Agents) agent.Changed += OnAgentChanged;
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            infrastructure.Changed -= Invalidate;
            images.Changed -= Invalidate;
            foreach (var agent in _reachability.Agents) agent.Changed -= OnAgentChanged;
        }
    }

    public void Invalidate() => Volatile.Write(ref _dirty, 1);

    private void OnAgentChanged(NodeAgent agent) => Invalidate();

    /// <summary>
    /// Carries one request through this cluster. A health check takes the same path but does not count in the app's metrics
    /// and does not roll for the app's random errors: it asks whether the app can answer, not whether this request succeeds.
    /// </summary>
    public TrafficOutcome Serve(ref Dice dice, bool healthCheck = false)
    {
        var routes = Routes;
        if (routes.Ingress.Count == 0) return Fail(503, TrafficReasons.NoIngress, EdgeLatency);
        var ingress = routes.Ingress[dice.Next(routes.Ingress.Count)];
        var latency = EdgeLatency + ingress.Behaviour.Latency + dice.Exponential(ingress.Behaviour.LatencyJitter);
        if (!ingress.Behaviour.Serves) return Fail(503, TrafficReasons.IngressBroken, latency);
        if (!healthCheck && ingress.Behaviour.ErrorRate > 0 && dice.NextDouble() < ingress.Behaviour.ErrorRate)
        {
            return Fail(503, TrafficReasons.IngressError, latency);
        }

        if (routes.App is not { } app) return Fail(404, TrafficReasons.NoRoute, latency);
        var canary = app.Canary.Count > 0 && app.CanaryWeight > 0 && dice.NextDouble() * 100 < app.CanaryWeight;
        // As ingress-nginx does, a canary without endpoints sends its share to the main backend.
        var pool = canary ? app.Canary : app.Stable;
        if (pool.Count == 0) pool = canary ? app.Stable : app.Canary;
        if (pool.Count == 0) return Fail(503, TrafficReasons.NoEndpoints, latency);

        var pod = pool[dice.Next(pool.Count)];
        latency += pod.Behaviour.Latency + dice.Exponential(pod.Behaviour.LatencyJitter);
        var (status, reason) = !pod.Behaviour.Serves ? (503, TrafficReasons.AppBroken)
            : !healthCheck && pod.Behaviour.ErrorRate > 0 && dice.NextDouble() < pod.Behaviour.ErrorRate ? (500, TrafficReasons.AppError)
            : (200, TrafficReasons.Served);
        if (!healthCheck) pod.Series?.Record(_cluster.Clock.GetUtcNow(), status >= 500, latency);
        return new TrafficOutcome(status, reason, latency, Region, Cluster, pod.Zone, pod.Version, pod.PodTemplateHash, pod.Name);
    }

    private TrafficOutcome Fail(int status, string reason, TimeSpan latency) => new(status, reason, latency, Region, Cluster);

    private ClusterRoutes Build()
    {
        if (_pods is null || _configMaps is null) return ClusterRoutes.Empty;
        var ingressSelector = LabelSelector.FromSet(IngressNames.PodLabels);
        var ingress = ServingPods(IngressNames.Namespace, ingressSelector, withSeries: false);
        var frontDoor = FrontDoor;
        var routes = _configMaps.GetObject(new ObjectKey(IngressNames.Namespace, IngressNames.RoutesConfigMap))?.ToModel<V1ConfigMap>().Data;
        if (routes is null || !routes.TryGetValue(frontDoor.ConfigKey, out var json) || IngressRoute.Parse(json) is not { } route)
        {
            return new ClusterRoutes(ingress, null);
        }

        var appPods = ServingPods(frontDoor.Namespace, LabelSelector.FromSet(route.Selector), withSeries: true);
        var stable = route.StableHash is null ? appPods : [.. appPods.Where(p => p.PodTemplateHash == route.StableHash)];
        ServingPod[] canary = route.CanaryHash is null || route.CanaryHash == route.StableHash
            ? []
            : [.. appPods.Where(p => p.PodTemplateHash == route.CanaryHash)];
        return new ClusterRoutes(ingress, new AppRoutes(stable, canary, route.CanaryWeight));
    }

    private ServingPod[] ServingPods(string ns, LabelSelector selector, bool withSeries)
    {
        var result = new List<ServingPod>();
        foreach (var cached in _pods!.ByIndex(SharedInformers.ByNamespace, ns))
        {
            var pod = cached.Model;
            if (!selector.Matches(pod.Metadata?.Labels?.AsReadOnly()) || _reachability.ReachableZone(pod) is not { } zone) continue;
            var image = pod.Spec.Containers?.FirstOrDefault()?.Image ?? "";
            var hash = pod.Metadata.Label("rollouts-pod-template-hash") ?? pod.Metadata.Label("pod-template-hash") ?? "";
            result.Add(new ServingPod
            {
                Name = cached.Name,
                Namespace = ns,
                Zone = zone,
                Image = image,
                Version = ImageReference.Parse(image).Tag,
                PodTemplateHash = hash,
                Behaviour = _cluster.Images.Resolve(image),
                Series = withSeries ? _metrics.Series(Cluster, ns, hash) : null,
            });
        }

        // Informer order is a hash order; sorting keeps one seed's choices the same from run to run.
        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. result];
    }
}
