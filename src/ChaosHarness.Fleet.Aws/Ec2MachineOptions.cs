using Amazon.Runtime;
using ChaosHarness.Aws;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Aws;

/// <summary>How the embedded fleet's nodes are backed by EC2 instances.</summary>
public sealed record Ec2MachineOptions
{
    /// <summary>moto's conventional test credentials; any signed request is accepted by it.</summary>
    public static AWSCredentials EmulatorCredentials { get; } = new BasicAWSCredentials("testing", "testing");

    /// <summary>Which clusters get instances; null: every cluster.</summary>
    public IReadOnlySet<string>? Clusters { get; init; }

    /// <summary>The AWS region of a cluster; its topology region by default (its zones must be the region's zones).</summary>
    public Func<ClusterTopology, string> Region { get; init; } = cluster => cluster.Region;

    /// <summary>How often (fleet time) the instances and network ACLs of each cluster are read: two calls per cluster.</summary>
    public TimeSpan ObserveInterval { get; init; } = TimeSpan.FromSeconds(10);

    public string InstanceType { get; init; } = "t3.medium";

    /// <summary>Credentials, retries and timeouts of the EC2 calls; moto's test credentials by default.</summary>
    public Ec2AccessOptions Access { get; init; } = new() { Credentials = EmulatorCredentials };
}
