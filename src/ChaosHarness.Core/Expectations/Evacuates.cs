using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// The pods of an app leave a lost zone: within the deadline, every pod of <see cref="App"/> (label <c>app</c>) in the
/// cluster still bound to a node of <see cref="Zone"/> is being deleted (evicted), and at least <see cref="Replicas"/> of them are Ready on
/// nodes of other zones — the node lifecycle evicted them and their controllers replaced them elsewhere.
/// </summary>
public sealed class Evacuates(string cluster, string @namespace, string app, string zone, int replicas, TimeSpan within) : Expectation
{
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public string Cluster { get; } = cluster;

    public string Namespace { get; } = @namespace;

    public string App { get; } = app;

    public string Zone { get; } = zone;

    public int Replicas { get; } = replicas;

    public override string Name => $"Evacuates({Namespace}/{App} from zone {Zone} of {Cluster}, {Replicas} Ready elsewhere, within {Seconds(Deadline)})";

    public override TimeSpan Deadline { get; } = within;

    public override IReadOnlyList<ResourceKind> Reads => [ResourceKind.Pod, ResourceKind.Node];

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var zoneOf = context.State.All(ResourceKind.Node, Cluster).ToDictionary(n => n.Ref.Name, n => n.Label(ZoneLabel));
        var pods = context.State.All(ResourceKind.Pod, Cluster, Namespace).Where(p => p.Label("app") == App).ToList();
        // An evicted pod on a dead node stays Terminating until its kubelet is back to confirm: it is gone for the app.
        var inZone = pods.Where(p => p.Body.Str("spec.nodeName") is { } node && zoneOf.GetValueOrDefault(node) == Zone && p.Body.Str("metadata.deletionTimestamp") is null)
            .Select(p => p.Ref.Name).Order(StringComparer.Ordinal).ToList();
        var readyElsewhere = pods.Count(p => p.Body.Str("spec.nodeName") is { } node && zoneOf.GetValueOrDefault(node) != Zone
                                             && p.Body.Str("metadata.deletionTimestamp") is null
                                             && p.Body.Condition("Ready")?.Str("status") == "True");
        var seen = $"{readyElsewhere} pod(s) Ready outside {Zone}; {(inZone.Count == 0 ? "none left in it" : $"still in it: {string.Join(", ", inZone)}")}";
        return inZone.Count == 0 && readyElsewhere >= Replicas ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
