using ChaosHarness.Core.Faults;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A region outage emulated with Kubernetes alone: every zone of the region's clusters, cordoned and tainted
/// <c>NoExecute</c> (one fault per cluster). The API servers stay up — it is the workloads that lose the region.
/// The fleet's blast radius must allow that many zones and the whole of each cluster's nodes.
/// </summary>
public static class RegionOutage
{
    /// <summary>The outage of one cluster's whole region (all its zones).</summary>
    public static IFault OfCluster(string cluster) => new ZoneOutage(cluster, null, $"region outage of cluster {cluster} (emulated: every zone cordoned + NoExecute taint)");

    /// <summary>One fault per cluster of the region; inject them all to take the region out.</summary>
    public static IReadOnlyList<IFault> Of(Core.Fleets.Fleet fleet, string region)
        => [.. fleet.Region(region).Clusters.Select(c => OfCluster(c.Name))];
}
