using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>
/// A zone outage on the embedded fleet, as it really happens there: the zone's machines lose power through the fleet's
/// control API (kubelets stop, nodes go NotReady after 40 s, pods are evicted after 300 s, containers stop serving).
/// Refuses, changing nothing, a zone the fleet does not know, a zone not of the cluster, and a zone already without
/// power (someone else's outage, which this run must not end).
/// </summary>
public sealed class ZonePowerLoss(EmbeddedFleetControl control) : IZoneOutageMechanism
{
    public ClusterProvider Provider => ClusterProvider.Embedded;

    public string Method => "zone power loss";

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken)
    {
        var state = await control.GetStateAsync(cancellationToken).ConfigureAwait(false);
        var lost = zones ?? cluster.Zones;
        var changes = new List<FaultChange>();
        foreach (var name in lost)
        {
            var zone = state.Zones.FirstOrDefault(z => z.Name == name)
                       ?? throw new InvalidOperationException($"{faultName}: the embedded fleet has no zone '{name}' (zones: {string.Join(", ", state.Zones.Select(z => z.Name))}); nothing was changed.");
            if (!zone.Clusters.Contains(cluster.Name, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"{faultName}: zone '{name}' holds no machine of cluster '{cluster.Name}' (its clusters: {string.Join(", ", zone.Clusters)}); nothing was changed.");
            }

            if (!zone.Powered)
            {
                throw new InvalidOperationException($"{faultName}: zone '{name}' is already without power — another outage holds it; refusing, nothing was changed.");
            }

            changes.Add(new FaultChange(
                $"cut the power of every machine in zone {name}",
                new UndoRecord(EmbeddedUndoKinds.ZonePowerLoss, cluster.Name, $"zone {name}", new JsonObject { ["zone"] = name }),
                async ct => await control.SetZonePowerLossAsync(name, lost: true, ct).ConfigureAwait(false)));
        }

        // The fleet gives every zone of a cluster the same number of machines: the share of zones is the share of nodes.
        return new FaultPlan(
            $"cut the power of zone{(lost.Count == 1 ? "" : "s")} {string.Join(", ", lost)} (cluster {cluster.Name}) through the fleet's control API",
            changes,
            new BlastRadiusImpact(faultName, lost, [cluster.Region], [new ClusterImpact(cluster.Name, lost.Count, cluster.Zones.Count)]));
    }
}
