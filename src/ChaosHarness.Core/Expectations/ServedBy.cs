using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Expectations;

/// <summary>Which part of the fleet a request was served by: a region, a zone or a cluster.</summary>
public sealed record ServedBy(string Dimension, string Name, Func<TrafficSample, bool> Matches)
{
    public static ServedBy Region(string region) => new("region", region, s => s.Region == region);

    public static ServedBy Zone(string zone) => new("zone", zone, s => s.Zone == zone);

    public static ServedBy Cluster(string cluster) => new("cluster", cluster, s => s.Cluster == cluster);

    public override string ToString() => $"{Dimension} {Name}";
}
