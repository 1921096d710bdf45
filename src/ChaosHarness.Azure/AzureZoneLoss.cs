using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Azure;

/// <summary>The Azure zone outage (<see cref="AzureZoneOutage"/>) as the provider-neutral zone and region outages' mechanism for Azure clusters.</summary>
public sealed class AzureZoneLoss : IZoneOutageMechanism
{
    public ClusterProvider Provider => ClusterProvider.Azure;

    public string Method => "Azure: power off scale set instances";

    public ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken)
        => zones is null
            ? AzureZoneOutage.Region(cluster.Name).PlanAsync(context, cancellationToken)
            : zones.Count == 1
                ? AzureZoneOutage.Zone(cluster.Name, zones[0]).PlanAsync(context, cancellationToken)
                : throw new ArgumentException($"{faultName}: an Azure outage takes one zone or the whole cluster, not {zones.Count} zones.", nameof(zones));
}
