using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Topology;
using k8s;
using k8s.Models;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>Embedded fleets the tests start in their own process: one cluster with three zones of two nodes, enough for the Smoke experiment.</summary>
internal static class TestFleets
{
    private const int Zones = 3;
    private const int NodesPerZone = 2;

    /// <summary>Starts the fleet and returns once every node has registered and is Ready, so that a snapshot of the nodes is the whole fleet.</summary>
    public static async Task<EmbeddedFleet> StartSmallAsync(string stateDirectory, double speed = FleetOptions.DefaultSpeed)
    {
        var fleet = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = FleetTopology.Uniform(["eu-west"], Zones, NodesPerZone, new NodeCapacity()),
            Speed = speed,
            StateDirectory = stateDirectory,
        });
        try
        {
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, currentContext: fleet.Clusters[0].Name));
            using var deadline = new CancellationTokenSource(ChaosCli.Patience);
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (!await AllNodesReadyAsync(client, deadline.Token))
            {
                await tick.WaitForNextTickAsync(deadline.Token);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Makes the rollout the Smoke experiment starts never complete, so that its zone outage stays in place until the
    /// expectation's deadline — long enough for a test to act while it is there. The experiment brings its workload only
    /// if it is missing: here it finds one already, the same but with a readiness probe, and the version it rolls out
    /// never passes readiness.
    /// </summary>
    public static async Task HoldTheSmokeRolloutAsync(EmbeddedFleet fleet)
    {
        fleet.Images.Set("web:2", ImageBehaviour.NeverReady);
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, currentContext: fleet.Clusters[0].Name));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "smoke" } });
        var labels = new Dictionary<string, string> { ["app"] = "web" };
        await client.AppsV1.CreateNamespacedDeploymentAsync(
            new V1Deployment
            {
                Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "smoke", Labels = labels },
                Spec = new V1DeploymentSpec
                {
                    Replicas = 6,
                    Selector = new V1LabelSelector { MatchLabels = labels },
                    Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = 1, MaxSurge = 1 } },
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = labels },
                        Spec = new V1PodSpec
                        {
                            Containers =
                            [
                                new V1Container
                                {
                                    Name = "web",
                                    Image = "web:1",
                                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = 8080 } },
                                },
                            ],
                        },
                    },
                },
            },
            "smoke");
    }

    private static async Task<bool> AllNodesReadyAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
        return nodes.Items.Count == Zones * NodesPerZone
               && nodes.Items.All(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
    }
}
