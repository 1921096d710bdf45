namespace ChaosHarness.Containers;

/// <summary>The fixed ports a region's container listens on (published to free host ports).</summary>
public static class RegionPorts
{
    /// <summary>The first cluster's API server; the region's next clusters use the ports after it.</summary>
    public const int Api = 6443;

    /// <summary>How many clusters of one region get a published API port.</summary>
    public const int MaxClusters = 4;

    public const int Control = 6080;

    public static IEnumerable<int> ApiPorts => Enumerable.Range(Api, MaxClusters);
}
