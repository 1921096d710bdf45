using ChaosHarness.Aws;

namespace ChaosHarness.Fleet.Aws;

/// <summary>What one cluster has in EC2: the gateway to its region, its VPC, its subnet per zone, the image its nodes boot.</summary>
public sealed record Ec2ClusterEstate(string Cluster, Ec2Gateway Ec2, string VpcId, IReadOnlyDictionary<string, string> SubnetByZone, string ImageId)
{
    public string ClusterTagKey => Ec2MachineTags.ClusterKey(Cluster);
}
