using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// The informers of one cluster, one per kind, shared by all its controllers so that each object is cached and parsed once.
/// Runs as the cluster's first control loop; informers asked for later start at once.
/// </summary>
public sealed class SharedInformers : IClusterController
{
    private readonly SimulatedCluster _cluster;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Informer> _informers = new(StringComparer.Ordinal);
    private readonly List<Task> _running = [];
    private CancellationToken? _runningToken;
    private Informer<V1Pod>? _pods;
    private Informer<V1Node>? _nodes;
    private Informer<V1Lease>? _leases;
    private Informer<V1ReplicaSet>? _replicaSets;
    private Informer<V1Deployment>? _deployments;
    private Informer<V1Service>? _services;
    private Informer<V1Endpoints>? _endpoints;
    private Informer<V1PodDisruptionBudget>? _budgets;
    private Informer<V1Namespace>? _namespaces;

    public SharedInformers(SimulatedCluster cluster) => _cluster = cluster;

    /// <summary>Shared informers list and watch as the controller manager itself, as kube-controller-manager's do.</summary>
    public static ApiCaller Identity => ApiCaller.KubeControllerManager;

    public string Name => "shared-informers";

    /// <summary>Index of <see cref="Pods"/>: the pods bound to a node, by node name.</summary>
    public const string PodsByNode = "spec.nodeName";

    /// <summary>Index of <see cref="Pods"/> and others: objects by namespace.</summary>
    public const string ByNamespace = "metadata.namespace";

    /// <summary>Index of <see cref="Pods"/>: "{namespace}/{label}={value}" for every label, to find a selector's candidates.</summary>
    public const string PodsByLabel = "labels";

    /// <summary>Index of <see cref="Pods"/> and <see cref="ReplicaSets"/>: objects by the uid of their controller owner.</summary>
    public const string ByController = "controller-uid";

    public Informer<V1Pod> Pods => Typed(ref _pods, BuiltInResources.Pods, pods =>
    {
        pods.AddIndex(PodsByNode, c => string.IsNullOrEmpty(c.Model.Spec?.NodeName) ? [] : [c.Model.Spec.NodeName]);
        pods.AddIndex(ByNamespace, c => [c.Namespace ?? ""]);
        pods.AddIndex(PodsByLabel, c => c.Model.Metadata?.Labels?.Select(l => $"{c.Namespace}/{l.Key}={l.Value}") ?? []);
        pods.AddIndex(ByController, c => ControllerUidOf(c.Model.Metadata));
    });

    public Informer<V1Node> Nodes => Typed(ref _nodes, BuiltInResources.Nodes);

    public Informer<V1Lease> Leases => Typed(ref _leases, BuiltInResources.Leases);

    public Informer<V1ReplicaSet> ReplicaSets => Typed(ref _replicaSets, BuiltInResources.ReplicaSets, replicaSets =>
    {
        replicaSets.AddIndex(ByNamespace, c => [c.Namespace ?? ""]);
        replicaSets.AddIndex(ByController, c => ControllerUidOf(c.Model.Metadata));
    });

    public Informer<V1Deployment> Deployments => Typed(ref _deployments, BuiltInResources.Deployments,
        deployments => deployments.AddIndex(ByNamespace, c => [c.Namespace ?? ""]));

    public Informer<V1Service> Services => Typed(ref _services, BuiltInResources.Services,
        services => services.AddIndex(ByNamespace, c => [c.Namespace ?? ""]));

    public Informer<V1Endpoints> Endpoints => Typed(ref _endpoints, BuiltInResources.Endpoints);

    public Informer<V1PodDisruptionBudget> PodDisruptionBudgets => Typed(ref _budgets, BuiltInResources.PodDisruptionBudgets,
        budgets => budgets.AddIndex(ByNamespace, c => [c.Namespace ?? ""]));

    public Informer<V1Namespace> Namespaces => Typed(ref _namespaces, BuiltInResources.Namespaces);

    private static IEnumerable<string> ControllerUidOf(V1ObjectMeta? metadata) =>
        metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid is { } uid ? [uid] : [];

    /// <summary>
    /// Creates every well-known informer now, so that their watches open as the cluster starts rather than whenever a
    /// controller first asks.
    /// </summary>
    public void OpenWellKnown()
    {
        foreach (var informer in (Informer[])[Pods, Nodes, Leases, ReplicaSets, Deployments, Services, Endpoints, PodDisruptionBudgets, Namespaces])
        {
            _ = informer.Type;
        }
    }

    /// <summary>The typed informer of <paramref name="type"/>, whose models are KubernetesClient's <typeparamref name="T"/>.</summary>
    public Informer<T> For<T>(ResourceType type) where T : class =>
        GetOrAdd(type, () => new Informer<T>(type, _cluster.Api, Identity, _cluster.Clock, ModelReader.Read<T>)) as Informer<T>
        ?? throw new InvalidOperationException($"The informer of {type} already caches another model type than {typeof(T).Name}.");

    /// <summary>
    /// The informer of <paramref name="type"/> at the level of stored objects: the typed one for the kinds controllers read as
    /// models (so that each kind is cached once), an untyped one for the rest.
    /// </summary>
    public Informer Any(ResourceType type) => type.GroupResource switch
    {
        var r when r == BuiltInResources.Pods.GroupResource => Pods,
        var r when r == BuiltInResources.Nodes.GroupResource => Nodes,
        var r when r == BuiltInResources.Leases.GroupResource => Leases,
        var r when r == BuiltInResources.ReplicaSets.GroupResource => ReplicaSets,
        var r when r == BuiltInResources.Deployments.GroupResource => Deployments,
        var r when r == BuiltInResources.Services.GroupResource => Services,
        var r when r == BuiltInResources.Endpoints.GroupResource => Endpoints,
        var r when r == BuiltInResources.PodDisruptionBudgets.GroupResource => PodDisruptionBudgets,
        var r when r == BuiltInResources.Namespaces.GroupResource => Namespaces,
        _ => GetOrAdd(type, () => new Informer<StoredObject>(type, _cluster.Api, Identity, _cluster.Clock, o => o)),
    };

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        List<Informer> existing;
        lock (_gate)
        {
            _runningToken = cancellationToken;
            existing = [.. _informers.Values];
        }

        foreach (var informer in existing) Start(informer, cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Task[] running;
        lock (_gate) running = [.. _running];
        await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
    }

    /// <summary>The well-known typed informer in <paramref name="field"/>, created with its indexes on first use.</summary>
    private Informer<T> Typed<T>(ref Informer<T>? field, ResourceType type, Action<Informer<T>>? indexes = null) where T : class
    {
        if (Volatile.Read(ref field) is { } known) return known;
        var informer = For<T>(type);
        indexes?.Invoke(informer);
        Volatile.Write(ref field, informer);
        return informer;
    }

    private Informer GetOrAdd(ResourceType type, Func<Informer> create)
    {
        Informer informer;
        CancellationToken? token;
        lock (_gate)
        {
            if (_informers.TryGetValue(type.GroupResource, out var found)) return found;
            informer = create();
            _informers.Add(type.GroupResource, informer);
            token = _runningToken;
        }

        if (token is { } running) Start(informer, running);
        return informer;
    }

    private void Start(Informer informer, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => informer.RunAsync(cancellationToken), CancellationToken.None);
        lock (_gate) _running.Add(task);
    }
}
