using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Api.Eviction;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Rollouts.Analysis;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>One simulated cluster: its store and API semantics, who may call it, and the control loops that act in it.</summary>
public sealed class SimulatedCluster
{
    /// <param name="admission">The admission chain; <see cref="DefaultAdmissionPlugins"/> when null.</param>
    public SimulatedCluster(ClusterTopology topology, TimeProvider clock, int seed, int watchHistoryCapacity,
        IEnumerable<IAdmissionPlugin>? admission = null)
    {
        Topology = topology;
        Clock = clock;
        Random = new Random(HashCode.Combine(seed, StableHash(topology.Name)));
        Store = new ObjectStore(watchHistoryCapacity);
        Catalog = new ResourceCatalog();
        Api = new ClusterApi(topology.Name, Store, Catalog, clock, admission ?? DefaultAdmissionPlugins.Create());
        Nodes = new NodeAgents(topology, () => Infrastructure);
        Eviction = new PodEviction(Api);
        CustomResourceDefinitions.Follow(Api);
        Traffic = new ClusterTraffic(this);
        PodBehaviours.Use(_ => true, new CataloguePodBehaviour(this));
        AdminToken = Tokens.Issue(ApiCaller.Admin);
    }

    public ClusterTopology Topology { get; }
    public string Name => Topology.Name;
    public string Region => Topology.Region;
    public IReadOnlyList<string> Zones => Topology.Zones;
    public TimeProvider Clock { get; }

    /// <summary>This cluster's own seeded randomness; controllers draw from it so that one seed gives one behaviour.</summary>
    public Random Random { get; }

    public ObjectStore Store { get; }
    public ResourceCatalog Catalog { get; }
    public ClusterApi Api { get; }

    /// <summary>The logic behind <c>pods/{name}/eviction</c>, PodDisruptionBudget-aware.</summary>
    public PodEviction Eviction { get; }

    public TokenRegistry Tokens { get; } = new();

    /// <summary>The machines behind the nodes: power and kubelet on or off, for the fleet's failure physics.</summary>
    public NodeAgents Nodes { get; }

    /// <summary>How containers behave when the kubelets run them, by image.</summary>
    public PodBehaviours PodBehaviours { get; } = new();

    /// <summary>Which image versions do what, shared by the whole fleet; the kubelets run containers by it.</summary>
    public ImageCatalogue Images { get; init; } = ImageCatalogue.CreateDefault();

    /// <summary>The path requests take through this cluster: its ingress, the front-door app's versions and pods.</summary>
    public ClusterTraffic Traffic { get; }

    /// <summary>
    /// The traffic each version of each app served, as analysis runs query it (the traffic router provides it); until it is
    /// set, no version served anything.
    /// </summary>
    public ITrafficMetrics TrafficMetrics { get; set; } = new NoTrafficMetrics();

    /// <summary>Raised when a control loop's reconcile fails (it is retried with backoff): controller name, key, error.</summary>
    public event Action<string, object, Exception>? ControllerFailed;

    internal void ReportControllerFailure(string controller, object key, Exception error) => ControllerFailed?.Invoke(controller, key, error);

    /// <summary>The physical world this cluster stands in, shared by the whole fleet.</summary>
    public FleetInfrastructure Infrastructure { get; init; } = new();

    /// <summary>The seeded defects switched on in the whole fleet.</summary>
    public FleetDefects Defects { get; init; } = new();

    /// <summary>The token of the cluster's admin user (system:masters), written into the kubeconfig.</summary>
    public string AdminToken { get; }

    /// <summary>The API server's URL once it listens.</summary>
    public Uri? ApiUrl { get; internal set; }

    /// <summary>
    /// Creates what a fresh cluster has before anything runs in it: its system namespaces, the API Priority and Fairness
    /// objects a real API server bootstraps, and the Argo Rollouts install.
    /// </summary>
    internal void Bootstrap()
    {
        foreach (var ns in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
        {
            Api.Create(ApiCaller.Admin, BuiltInResources.Namespaces, null,
                new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = ns } });
        }

        foreach (var level in DefaultFlowControlObjects.PriorityLevels()) Api.Create(ApiCaller.Admin, BuiltInResources.PriorityLevelConfigurations, null, level);
        foreach (var schema in DefaultFlowControlObjects.FlowSchemas()) Api.Create(ApiCaller.Admin, BuiltInResources.FlowSchemas, null, schema);
        ArgoRolloutsInstall.Apply(this);
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}
