namespace ChaosHarness.Fleet.Topology;

/// <summary>The shape of a simulated fleet: which clusters, in which regions and zones, with how many nodes.</summary>
public sealed record FleetTopology(IReadOnlyList<ClusterTopology> Clusters)
{
    /// <summary>Three regions, one cluster each, three zones per cluster, four nodes per zone.</summary>
    public static FleetTopology Default { get; } = Uniform(["eu-west", "us-east", "ap-southeast"], zonesPerCluster: 3, nodesPerZone: 4, new NodeCapacity());

    public static FleetTopology Uniform(IReadOnlyList<string> regions, int zonesPerCluster, int nodesPerZone, NodeCapacity capacity) =>
        new([.. regions.Select(region =>
        {
            var cluster = $"{region}-1";
            return new ClusterTopology(cluster, region, [.. Enumerable.Range(0, zonesPerCluster).Select(z => $"{cluster}{(char)('a' + z)}")], nodesPerZone, capacity);
        })]);
}
