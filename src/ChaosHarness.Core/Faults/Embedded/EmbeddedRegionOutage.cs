using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>
/// Region loss on the embedded fleet through its control API: the region's API servers hang, its workloads stop serving
/// and the load balancer's health checks fail. Refuses, changing nothing, a region the fleet does not know and one that
/// is already dark.
/// </summary>
public sealed class EmbeddedRegionOutage(EmbeddedFleetControl control) : IRegionOutageMechanism
{
    public ClusterProvider Provider => ClusterProvider.Embedded;

    public string Method => "region outage: machines and API servers";

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, Region region, string faultName, CancellationToken cancellationToken)
    {
        var state = await control.GetStateAsync(cancellationToken).ConfigureAwait(false);
        var known = state.Regions.FirstOrDefault(r => r.Name == region.Name)
                    ?? throw new InvalidOperationException($"{faultName}: the embedded fleet has no region '{region.Name}' (regions: {string.Join(", ", state.Regions.Select(r => r.Name))}); nothing was changed.");
        if (known.Dark)
        {
            throw new InvalidOperationException($"{faultName}: region '{region.Name}' is already dark — another outage holds it; refusing, nothing was changed.");
        }

        var change = new FaultChange(
            $"take region {region.Name} out through the fleet's control API (its API servers hang, its workloads stop)",
            new UndoRecord(EmbeddedUndoKinds.RegionOutage, region.Clusters[0].Name, $"region {region.Name}", new JsonObject { ["region"] = region.Name }),
            async ct => await control.SetRegionOutageAsync(region.Name, lost: true, ct).ConfigureAwait(false));
        return new FaultPlan(
            $"take region {region.Name} out ({string.Join(", ", region.Clusters.Select(c => c.Name))})",
            [change],
            new BlastRadiusImpact(faultName, [.. region.Zones.Select(z => z.Name)], [region.Name], [.. region.Clusters.Select(c => new ClusterImpact(c.Name, c.Zones.Count, c.Zones.Count))]));
    }
}
