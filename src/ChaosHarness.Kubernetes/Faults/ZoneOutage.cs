using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kubernetes.Access;

namespace ChaosHarness.Kubernetes.Faults;

/// <summary>
/// A zone outage emulated with Kubernetes alone, on any cluster: every node of the zone is cordoned and tainted
/// <c>NoExecute</c>, so its pods are evicted and nothing new lands there. It is an emulation — the machines keep
/// running — and says so in its name. Revert removes exactly the taint it added and uncordons only the nodes it cordoned.
/// </summary>
public sealed class ZoneOutage(string cluster, string zone) : IFault
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public string Name => $"zone outage of {zone} (emulated: cordon + NoExecute taint)";

    public FaultTarget Target { get; } = new(cluster, Zones: [zone]);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var kubernetes = context.Services.Require<KubernetesFleet>();
        var connection = kubernetes.Connect(cluster);
        var nodes = await connection.Rest.ListAsync(ResourceKind.Node, null, null, cancellationToken).ConfigureAwait(false);
        var inZone = nodes.Items
            .Where(n => (n.At("metadata.labels") as JsonObject)?[ZoneLabel]?.GetValue<string>() == zone)
            .Select(n => n.Str("metadata.name")!)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (inZone.Count == 0)
        {
            throw new InvalidOperationException($"Cluster '{cluster}' has no node labelled {ZoneLabel}={zone}; nothing to take out.");
        }

        var changes = inZone.Select(node => new FaultChange(
            $"cordon node {node} and taint it {NodeOutageMarks.TaintKey}={context.Run}:{NodeOutageMarks.TaintEffect}",
            new Core.Journal.UndoRecord(NodeOutageUndoHandler.UndoKind, cluster, $"node {node}", new JsonObject { ["node"] = node, ["zone"] = zone }),
            ct => new ValueTask(NodeOutage.TakeOutAsync(connection, node, context.Run, ct)))).ToList();
        var region = connection.Target.Region;
        return new FaultPlan(
            $"cordon and taint the {inZone.Count} node(s) of zone {zone} in cluster {cluster}",
            changes,
            new BlastRadiusImpact(Name, [zone], [region], [new ClusterImpact(cluster, inZone.Count, nodes.Items.Count)]));
    }
}
