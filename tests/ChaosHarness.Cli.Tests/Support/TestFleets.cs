using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>Embedded fleets the tests start in their own process: one cluster with three zones of two nodes, enough for the Smoke experiment.</summary>
internal static class TestFleets
{
    public static Task<EmbeddedFleet> StartSmallAsync(string stateDirectory, double speed = FleetOptions.DefaultSpeed)
        => EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = FleetTopology.Uniform(["eu-west"], zonesPerCluster: 3, nodesPerZone: 2, new NodeCapacity()),
            Speed = speed,
            StateDirectory = stateDirectory,
        });
}
