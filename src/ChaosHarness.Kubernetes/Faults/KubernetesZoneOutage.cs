using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A zone outage emulated with Kubernetes alone, for clusters whose machines the harness cannot switch off: every node
/// of the zone is cordoned and tainted <c>NoExecute</c>, so its pods are evicted and nothing new lands there. The
/// machines keep running, so it says "emulated". Revert removes exactly the taint it added and uncordons only the nodes
/// it cordoned.
/// </summary>
public sealed class KubernetesZoneOutage(KubernetesFleet kubernetes) : IZoneOutageMechanism
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public const string EmulatedMethod = "emulated: cordon + NoExecute taint";

    public ClusterProvider Provider => ClusterProvider.Kubernetes;

    public string Method => EmulatedMethod;

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken)
    {
        var connection = kubernetes.Connect(cluster.Name);
        zones ??= cluster.Zones;
        var nodes = await connection.Rest.ListAsync(ResourceKind.Node, null, null, cancellationToken).ConfigureAwait(false);
        var taken = nodes.Items
            .Select(n => (Name: n.Str("metadata.name")!, Zone: (n.At("metadata.labels") as JsonObject)?[ZoneLabel]?.GetValue<string>()))
            .Where(n => n.Zone is not null && zones.Contains(n.Zone))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        var empty = zones.Where(z => taken.All(n => n.Zone != z)).ToList();
        if (empty.Count > 0)
        {
            throw new InvalidOperationException($"Cluster '{cluster.Name}' has no node labelled {ZoneLabel}={string.Join(" or ", empty)}; nothing to take out.");
        }

        var changes = taken.Select(node => new FaultChange(
            $"cordon node {node.Name} and taint it {NodeOutageMarks.TaintKey}={context.Run}:{NodeOutageMarks.TaintEffect}",
            new Core.Journal.UndoRecord(NodeOutageUndoHandler.UndoKind, cluster.Name, $"node {node.Name}", new JsonObject { ["node"] = node.Name, ["zone"] = node.Zone }),
            ct => new ValueTask(NodeOutage.TakeOutAsync(connection, node.Name, context.Run, ct)))).ToList();
        return new FaultPlan(
            $"cordon and taint the {taken.Count} node(s) of {(zones.Count == 1 ? $"zone {zones[0]}" : $"zones {string.Join(", ", zones)}")} in cluster {cluster.Name}",
            changes,
            new BlastRadiusImpact(faultName, [.. zones], [cluster.Region], [new ClusterImpact(cluster.Name, taken.Count, nodes.Items.Count)]));
    }
}
