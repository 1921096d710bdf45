using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Containers.Faults;

/// <summary>A whole region lost: all its zones, the region itself, every cluster in it.</summary>
internal static class RegionImpact
{
    public static BlastRadiusImpact Of(string fault, ContainerRegion region, Core.Fleets.Fleet fleet)
    {
        var clusters = region.Clusters.Select(fleet.Cluster).ToList();
        return new BlastRadiusImpact(fault, [.. clusters.SelectMany(c => c.Zones).Distinct()], [region.Region], [.. clusters.Select(c => new ClusterImpact(c.Name, 0, 0))]);
    }
}
