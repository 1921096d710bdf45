using System.Globalization;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Fleet.Aws;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;

using HarnessFleet = ChaosHarness.Core.Fleets.Fleet;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>
/// An embedded fleet of one cluster whose nodes are EC2 instances in a moto server, and the fleet file (YAML) that
/// presents it to the harness as an AWS cluster: provider aws, account region and endpoint. Experiments load that file
/// as they would a real staging fleet's.
/// </summary>
public sealed class AwsBackedFleet : IAsyncDisposable
{
    public const string Cluster = "us-east-1";
    public const string Region = "us-east-1";
    public static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    public const int NodesPerZone = 2;

    private AwsBackedFleet(Ec2BackedInfrastructure machines, EmbeddedFleet embedded, string fleetFilePath)
    {
        Machines = machines;
        Embedded = embedded;
        FleetFilePath = fleetFilePath;
    }

    public Ec2BackedInfrastructure Machines { get; }

    public EmbeddedFleet Embedded { get; }

    public string FleetFilePath { get; }

    /// <param name="nodeGroup">The cluster's Auto Scaling group over the fleet's machines, if it has one.</param>
    public static async Task<AwsBackedFleet> StartAsync(Uri moto, double speed, Func<Ec2BackedInfrastructure, Ec2NodeGroup>? nodeGroup = null)
    {
        var machines = new Ec2BackedInfrastructure(moto);
        var group = nodeGroup?.Invoke(machines);
        var embedded = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            Topology = new FleetTopology([new ClusterTopology(Cluster, Region, Zones, NodesPerZone, new NodeCapacity())]),
            Speed = speed,
            MachineBackend = machines,
            Controllers = cluster => group is null ? DefaultControllers.For(cluster) : [.. DefaultControllers.For(cluster), group],
        });
        var path = Path.Combine(embedded.StateDirectory, "aws-fleet.yaml");
        await File.WriteAllTextAsync(path, FleetFile(embedded, moto));
        return new AwsBackedFleet(machines, embedded, path);
    }

    /// <summary>The harness's view through the fleet file, on the embedded fleet's clock (a real fleet's file has no speed).</summary>
    public async Task<HarnessFleet> LoadAsync() => (await FleetLoader.LoadAsync(FleetFilePath)).WithClock(Embedded.Clock);

    public ValueTask DisposeAsync() => Embedded.DisposeAsync();

    private static string FleetFile(EmbeddedFleet embedded, Uri moto) => string.Create(CultureInfo.InvariantCulture, $"""
        name: aws-backed-embedded
        kubeconfig: {embedded.KubeconfigPath}
        trafficUrl: {embedded.Traffic.Url}
        allowedNamespaces: [shop, chaos-harness]
        clusters:
          - name: {Cluster}
            context: {Cluster}
            region: {Region}
            zones: [{string.Join(", ", Zones)}]
            provider: aws
            account:
              region: {Region}
              endpoint: {moto}
              clusterTag: {Ec2MachineTags.ClusterKey(Cluster)}
        """);
}
