namespace ChaosHarness.Fleet.Aws;

/// <summary>The tags that tie EC2 resources to the embedded fleet's clusters and nodes, as EKS tags its own.</summary>
public static class Ec2MachineTags
{
    /// <summary>The node an instance stands behind.</summary>
    public const string Node = "chaos-fleet/node";

    /// <summary>EKS's cluster tag: <c>kubernetes.io/cluster/&lt;name&gt;</c> = <c>owned</c>. AWS faults select the cluster's instances by it.</summary>
    public static string ClusterKey(string cluster) => $"kubernetes.io/cluster/{cluster}";

    public const string Owned = "owned";

    /// <summary>The provider id EKS's cloud provider gives a node: <c>aws:///&lt;zone&gt;/&lt;instance-id&gt;</c>.</summary>
    public static string ProviderId(string zone, string instanceId) => $"aws:///{zone}/{instanceId}";
}
