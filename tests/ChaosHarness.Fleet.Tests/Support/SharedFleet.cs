using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Topology;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>
/// A base for fixtures whose tests share one running single-cluster fleet, reached as clients reach it: through the
/// kubeconfig it writes. Tests keep out of each other's way by working in namespaces of their own.
/// </summary>
public abstract class SharedFleet
{
    protected EmbeddedFleet Fleet { get; private set; } = null!;

    protected SimulatedCluster Cluster => Fleet.Clusters[0];

    /// <summary>The admin client, built from the fleet's kubeconfig and context, as a harness builds it.</summary>
    protected k8s.Kubernetes Client { get; private set; } = null!;

    /// <summary>How far back watches can resume; small in fixtures that test 410 Expired.</summary>
    protected virtual int WatchHistoryCapacity => 10_000;

    /// <summary>
    /// Whether the cluster's control loops run. Fixtures that test the API server's own semantics turn them off, so that the
    /// pods, nodes, Deployments and budgets they write stay as written instead of being scheduled, run and reconciled.
    /// </summary>
    protected virtual bool RunsControllers => true;

    protected virtual FleetTopology Topology => SingleCluster;

    public static FleetTopology SingleCluster { get; } =
        new([new ClusterTopology("test-1", "test", ["test-1a"], 1, new NodeCapacity())]);

    [OneTimeSetUp]
    public async Task StartFleetAsync()
    {
        Fleet = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = Topology,
            WatchHistoryCapacity = WatchHistoryCapacity,
            Controllers = RunsControllers ? DefaultControllers.For : _ => [],
        });
        Client = ClientFor(Cluster.Name);
    }

    [OneTimeTearDown]
    public async Task StopFleetAsync()
    {
        Client?.Dispose();
        if (Fleet is not null) await Fleet.DisposeAsync();
    }

    protected k8s.Kubernetes ClientFor(string context) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: context));

    /// <summary>A fresh namespace for one test.</summary>
    protected async Task<string> NewNamespaceAsync()
    {
        var name = $"t-{NameSuffix.Next(8)}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    protected static V1Pod Pod(string name, IDictionary<string, string>? labels = null, string? nodeName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = nodeName,
            Containers = [new V1Container { Name = "app", Image = "registry.example/app:1.0" }],
        },
    };

    protected static V1Deployment Deployment(string name, int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "registry.example/app:1.0" }] },
            },
        },
    };

    /// <summary>Writes an object straight into the cluster, bypassing HTTP: for setting up state a test then reads.</summary>
    protected void Seed(ResourceType type, string? ns, object model) =>
        Cluster.Api.Create(ApiCaller.Admin, type, ns, System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject());
}
