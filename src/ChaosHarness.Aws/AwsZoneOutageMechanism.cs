namespace ChaosHarness.Aws;

/// <summary>How an AWS zone is taken away.</summary>
public enum AwsZoneOutageMechanism
{
    /// <summary>Stop the zone's running instances of the cluster (as AWS FIS's stop-instances action).</summary>
    StopInstances,

    /// <summary>Swap every subnet of the cluster's VPC in the zone to a deny-all network ACL (as krkn's zone outage).</summary>
    BlackholeSubnets,
}
