using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Aws;

/// <summary>The AWS zone outage (<see cref="AwsZoneOutage"/>) as the provider-neutral zone and region outages' mechanism for AWS clusters.</summary>
public sealed class AwsZoneLoss(AwsZoneOutageMechanism how) : IZoneOutageMechanism
{
    public ClusterProvider Provider => ClusterProvider.Aws;

    public string Method => how == AwsZoneOutageMechanism.StopInstances ? "AWS: stop instances" : "AWS: deny-all network ACL";

    public ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken)
        => zones is null
            ? AwsZoneOutage.Region(cluster.Name, how).PlanAsync(context, cancellationToken)
            : zones.Count == 1
                ? AwsZoneOutage.Zone(cluster.Name, zones[0], how).PlanAsync(context, cancellationToken)
                : throw new ArgumentException($"{faultName}: an AWS outage takes one zone or the whole cluster, not {zones.Count} zones.", nameof(zones));
}
