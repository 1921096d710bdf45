using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;
using k8s;

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

    private static async Task<bool> AllNodesReadyAsync(Kubernetes client, CancellationToken cancellationToken)
    {
        var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
        return nodes.Items.Count == Zones * NodesPerZone
               && nodes.Items.All(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
    }
}
