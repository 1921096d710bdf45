using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>Every node of one zone of a cluster is (or is no longer) Ready, as the harness's node watch sees it.</summary>
public sealed class ZoneNodesReadiness(string cluster, string zone, bool ready, TimeSpan within) : Expectation
{
    public override string Name => $"nodes of {cluster} in {zone} {(ready ? "Ready" : "NotReady")} within {within.TotalSeconds:0}s";

    public override IReadOnlyList<ResourceKind> Reads { get; } = [ResourceKind.Node];

    public override TimeSpan Deadline => within;

    protected override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var nodes = context.State.All(ResourceKind.Node, cluster).Where(n => n.Label("topology.kubernetes.io/zone") == zone).ToList();
        var matching = nodes.Count(n => (n.Body.Condition("Ready")?.Str("status") == "True") == ready);
        var seen = $"{matching} of {nodes.Count} node(s) in {zone} {(ready ? "Ready" : "NotReady")}";
        return nodes.Count > 0 && matching == nodes.Count ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
