using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A zone outage emulated with Kubernetes alone, on any cluster: every node of the zone is cordoned and tainted
/// <c>NoExecute</c>, so its pods are evicted and nothing new lands there. It is an emulation — the machines keep
/// running — and says so in its name. Revert removes exactly the taint it added and uncordons only the nodes it cordoned.
/// </summary>
public sealed class ZoneOutage : IFault
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly string _cluster;
    private readonly IReadOnlyList<string>? _zones;

    public ZoneOutage(string cluster, string zone)
        : this(cluster, [zone], $"zone outage of {zone} (emulated: cordon + NoExecute taint)")
    {
    }

    /// <param name="zones">The zones to take out; null: every zone of the cluster (its region, as far as it can see).</param>
    internal ZoneOutage(string cluster, IReadOnlyList<string>? zones, string name)
    {
        _cluster = cluster;
        _zones = zones;
        Name = name;
        Target = new FaultTarget(cluster, Zones: zones);
    }

    public string Name { get; }

    public FaultTarget Target { get; }

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var kubernetes = context.Services.Require<KubernetesFleet>();
        var connection = kubernetes.Connect(_cluster);
        var zones = _zones ?? connection.Target.Zones;
        var nodes = await connection.Rest.ListAsync(ResourceKind.Node, null, null, cancellationToken).ConfigureAwait(false);
        var taken = nodes.Items
            .Select(n => (Name: n.Str("metadata.name")!, Zone: (n.At("metadata.labels") as JsonObject)?[ZoneLabel]?.GetValue<string>()))
            .Where(n => n.Zone is not null && zones.Contains(n.Zone))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        var empty = zones.Where(z => taken.All(n => n.Zone != z)).ToList();
        if (empty.Count > 0)
        {
            throw new InvalidOperationException($"Cluster '{_cluster}' has no node labelled {ZoneLabel}={string.Join(" or ", empty)}; nothing to take out.");
        }

        var changes = taken.Select(node => new FaultChange(
            $"cordon node {node.Name} and taint it {NodeOutageMarks.TaintKey}={context.Run}:{NodeOutageMarks.TaintEffect}",
            new Core.Journal.UndoRecord(NodeOutageUndoHandler.UndoKind, _cluster, $"node {node.Name}", new JsonObject { ["node"] = node.Name, ["zone"] = node.Zone }),
            ct => new ValueTask(NodeOutage.TakeOutAsync(connection, node.Name, context.Run, ct)))).ToList();
        return new FaultPlan(
            $"cordon and taint the {taken.Count} node(s) of {(zones.Count == 1 ? $"zone {zones[0]}" : $"zones {string.Join(", ", zones)}")} in cluster {_cluster}",
            changes,
            new BlastRadiusImpact(Name, [.. zones], [connection.Target.Region], [new ClusterImpact(_cluster, taken.Count, nodes.Items.Count)]));
    }
}
