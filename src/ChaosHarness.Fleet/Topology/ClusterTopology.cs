namespace ChaosHarness.Fleet.Topology;

/// <summary>One simulated cluster: its region, its zones and the nodes in each.</summary>
public sealed record ClusterTopology(string Name, string Region, IReadOnlyList<string> Zones, int NodesPerZone, NodeCapacity NodeCapacity)
{
    /// <summary>Node names are stable: <c>{cluster}-{zone suffix}-{index}</c>, for example <c>eu-west-1-a-0</c>.</summary>
    public IEnumerable<(string Zone, string NodeName)> Nodes() =>
        Zones.SelectMany(zone => Enumerable.Range(0, NodesPerZone).Select(i => (zone, $"{Name}-{ZoneSuffix(zone)}-{i}")));

    private string ZoneSuffix(string zone) => zone.StartsWith(Name, StringComparison.Ordinal) && zone.Length > Name.Length ? zone[Name.Length..] : zone;
}
