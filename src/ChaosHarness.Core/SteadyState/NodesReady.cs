using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

/// <summary>Every node (of a cluster, or of the fleet) is Ready and schedulable, and there is at least one.</summary>
public sealed class NodesReady(string? cluster = null) : ISteadyStateCheck
{
    public string Name => cluster is null ? "nodes ready" : $"nodes of {cluster} ready";

    public IReadOnlyList<ResourceKind> Reads { get; } = [ResourceKind.Node];

    public SteadyStateFinding Evaluate(ObservationContext context, DateTimeOffset now)
    {
        var nodes = context.State.All(ResourceKind.Node, cluster);
        var notReady = nodes
            .Where(n => n.Body.Condition("Ready")?.Str("status") != "True" || n.Body.Bool("spec.unschedulable") == true)
            .Select(n => $"{n.Ref.Name}{(n.Body.Bool("spec.unschedulable") == true ? " (cordoned)" : " (not ready)")}")
            .ToList();
        if (nodes.Count == 0)
        {
            return new SteadyStateFinding(Name, false, "no node seen");
        }

        return notReady.Count == 0
            ? new SteadyStateFinding(Name, true, $"{nodes.Count} nodes ready")
            : new SteadyStateFinding(Name, false, $"{notReady.Count} of {nodes.Count} nodes not ready: {string.Join(", ", notReady.Take(10))}");
    }
}
