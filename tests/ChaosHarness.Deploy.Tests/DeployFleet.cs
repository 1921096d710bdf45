using System.Text.Json;
using ChaosHarness.Deploy.Tests.Support;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Tests.Support;
using ChaosHarness.Fleet.Topology;
using k8s;

namespace ChaosHarness.Deploy.Tests;

/// <summary>
/// One small embedded fleet (one region, one cluster of three zones × two nodes) for every test of the assembly,
/// started once the demo app (shop/checkout Rollout) and the rollout controller (argo-rollouts Deployment) exist:
/// the manifests bind roles in those namespaces.
/// </summary>
[SetUpFixture]
public sealed class DeployFleet
{
    public const string Cluster = "eu-west-1";

    private static EmbeddedFleet? _fleet;
    private static string? _directory;

    public static EmbeddedFleet Fleet => _fleet ?? throw new InvalidOperationException("The deploy fleet has not started.");

    public static string Directory => _directory ?? throw new InvalidOperationException("The deploy fleet has not started.");

    public static Kubectl Kubectl(string build = ChaosHarness.Fleet.Tests.Support.Kubectl.Dispatcher)
        => new(build, Fleet.KubeconfigPath, Cluster, Path.Combine(Directory, "kubectl-cache"));

    public static Kubernetes Client()
        => new(KubernetesClientConfiguration.BuildConfigFromConfigFile(Fleet.KubeconfigPath, currentContext: Cluster));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _directory = System.IO.Directory.CreateTempSubdirectory("chaos-deploy-tests-").FullName;
        _fleet = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = FleetTopology.Uniform(["eu-west"], zonesPerCluster: 3, nodesPerZone: 2, new NodeCapacity()),
            StateDirectory = Path.Combine(_directory, "fleet"),
        });
        using var client = Client();
        await Eventually.HoldsAsync(
            async () => (await client.AppsV1.ListNamespacedDeploymentAsync("argo-rollouts")).Items.Any(d => d.Metadata.Name == "argo-rollouts"),
            exists => exists,
            TimeSpan.FromSeconds(120),
            "the rollout controller's Deployment argo-rollouts/argo-rollouts exists");
        await Eventually.HoldsAsync(
            async () => await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>("argoproj.io", "v1alpha1", "shop", "rollouts"),
            rollouts => rollouts.GetProperty("items").EnumerateArray().Any(r => r.GetProperty("metadata").GetProperty("name").GetString() == "checkout"),
            TimeSpan.FromSeconds(120),
            "the demo app's Rollout shop/checkout exists");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }

        if (_directory is not null)
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }
}
