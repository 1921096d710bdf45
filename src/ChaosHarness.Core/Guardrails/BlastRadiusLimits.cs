namespace ChaosHarness.Core.Guardrails;

/// <summary>How much of the fleet one fault may take away.</summary>
public sealed record BlastRadiusLimits(int MaxZonesPerFault = 1, double MaxNodePercentPerFault = 50, int MaxRegionsPerFault = 1)
{
    public static BlastRadiusLimits Default { get; } = new();

    /// <summary>
    /// One region per fault, all of it: the embedded fleet's limits — a simulation that exists to be broken, where a
    /// region outage (every zone and node of the region's clusters) is an experiment, not an accident.
    /// </summary>
    public static BlastRadiusLimits WholeRegion(IReadOnlyList<Fleets.ClusterTarget> clusters) => new(
        MaxZonesPerFault: Math.Max(1, clusters.GroupBy(c => c.Region, StringComparer.Ordinal).Max(g => g.SelectMany(c => c.Zones).Distinct(StringComparer.Ordinal).Count())),
        MaxNodePercentPerFault: 100,
        MaxRegionsPerFault: 1);

    public void Ensure(BlastRadiusImpact impact)
    {
        if (impact.Zones.Count > MaxZonesPerFault)
        {
            throw new GuardrailViolationException(
                $"{impact.Fault} would take {impact.Zones.Count} zones ({string.Join(", ", impact.Zones)}) but the blast radius allows at most {MaxZonesPerFault} per fault; nothing was injected.");
        }

        if (impact.Regions.Count > MaxRegionsPerFault)
        {
            throw new GuardrailViolationException(
                $"{impact.Fault} would take {impact.Regions.Count} regions ({string.Join(", ", impact.Regions)}) but the blast radius allows at most {MaxRegionsPerFault} per fault; nothing was injected.");
        }

        foreach (var cluster in impact.Clusters)
        {
            if (cluster.TotalNodes == 0)
            {
                continue;
            }

            var percent = 100.0 * cluster.AffectedNodes / cluster.TotalNodes;
            if (percent > MaxNodePercentPerFault + 1e-9)
            {
                throw new GuardrailViolationException(
                    $"{impact.Fault} would affect {cluster.AffectedNodes} of {cluster.TotalNodes} nodes ({percent:0.#} %) of cluster '{cluster.Cluster}' but the blast radius allows at most {MaxNodePercentPerFault:0.#} % per fault; nothing was injected.");
            }
        }
    }
}
