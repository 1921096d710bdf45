namespace ChaosHarness.Core.Fleets;

/// <summary>A region of the fleet: its zones and the clusters that run in it.</summary>
public sealed record Region(string Name, IReadOnlyList<Zone> Zones, IReadOnlyList<ClusterTarget> Clusters)
{
    public override string ToString() => Name;
}
