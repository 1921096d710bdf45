using System.Text.Json.Nodes;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// The rollout is undone within the deadline.
/// Argo Rollout: abort set, phase Degraded with a RolloutAborted message, canary weight 0 (once stable is available)
/// and — unless only the abort is expected — the canary ReplicaSet scaled down.
/// Flagger Canary: phase Failed with canary weight 0.
/// Deployment: the previous revision's template restored, under a higher revision number.
/// </summary>
public sealed class RollsBack(ObjectRef rollout, TimeSpan within, bool abortOnly = false) : Expectation
{
    private string? _startRevision;
    private HashSet<string> _earlierTemplates = [];

    public ObjectRef Rollout { get; } = rollout;

    public override string Name => $"{(abortOnly ? "Aborts" : "RollsBack")}({Rollout}, within {Seconds(within)})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => Rollout.Kind == ResourceKind.Canary ? [Rollout.Kind] : [Rollout.Kind, ResourceKind.ReplicaSet];

    protected internal override void Begin(ObservationContext context, DateTimeOffset startedAt)
    {
        if (Rollout.Kind != ResourceKind.Deployment)
        {
            return;
        }

        var deployment = context.State.Get(Rollout);
        _startRevision = deployment?.Annotation(Revision);
        _earlierTemplates = OwnedReplicaSets(context, deployment?.Body)
            .Where(rs => Compare(rs.Annotation(Revision), _startRevision) < 0)
            .Select(rs => rs.Label(TemplateHash))
            .OfType<string>()
            .ToHashSet();
    }

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var current = context.State.Get(Rollout);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Rollout.Display} not seen in {Rollout.Cluster}");
        }

        return Rollout.Kind.Kind switch
        {
            "Rollout" => CheckArgo(context, current.Body),
            "Canary" => CheckFlagger(current.Body),
            "Deployment" => CheckDeployment(context, current),
            _ => ExpectationCheck.Failed($"{Rollout.Kind.Kind} cannot roll back"),
        };
    }

    private ExpectationCheck CheckArgo(ObservationContext context, JsonObject rollout)
    {
        var abort = rollout.Bool("status.abort") == true;
        var phase = rollout.Str("status.phase");
        var message = rollout.Str("status.message") ?? "";
        var weight = rollout.Long("status.canary.weights.canary.weight");
        var canaryHash = rollout.Str("status.currentPodHash");
        var stableHash = rollout.Str("status.stableRS");
        var canaryReplicas = canaryHash is null || canaryHash == stableHash
            ? 0
            : context.State.All(ResourceKind.ReplicaSet, Rollout.Cluster, Rollout.Namespace)
                .Where(rs => rs.Label("rollouts-pod-template-hash") == canaryHash)
                .Sum(rs => rs.Body.Long("spec.replicas") ?? 0);
        var aborted = abort && phase == "Degraded" && message.StartsWith("RolloutAborted", StringComparison.Ordinal);
        var undone = aborted && (abortOnly || ((weight ?? 0) == 0 && canaryReplicas == 0));
        var seen = $"abort {abort.ToString().ToLowerInvariant()}, phase {phase ?? "(none)"}{(message.Length > 0 ? $" \"{message}\"" : "")}, canary weight {weight?.ToString() ?? "(none)"}, canary ReplicaSet at {canaryReplicas} replica(s)";
        return undone ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }

    private static ExpectationCheck CheckFlagger(JsonObject canary)
    {
        var phase = canary.Str("status.phase");
        var weight = canary.Long("status.canaryWeight") ?? 0;
        var seen = $"phase {phase ?? "(none)"}, canary weight {weight}, failed checks {canary.Long("status.failedChecks") ?? 0}";
        return phase == "Failed" && weight == 0 ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }

    private ExpectationCheck CheckDeployment(ObservationContext context, ObservedObject deployment)
    {
        var revision = deployment.Annotation(Revision);
        var active = OwnedReplicaSets(context, deployment.Body).FirstOrDefault(rs => rs.Annotation(Revision) == revision);
        var hash = active?.Label(TemplateHash);
        var restored = Compare(revision, _startRevision) > 0 && hash is not null && _earlierTemplates.Contains(hash);
        var seen = $"revision {_startRevision ?? "?"} → {revision ?? "?"}, template {hash ?? "?"} ({(hash is not null && _earlierTemplates.Contains(hash) ? "an earlier revision's" : "not an earlier revision's")})";
        return restored ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }

    private IEnumerable<ObservedObject> OwnedReplicaSets(ObservationContext context, JsonObject? deployment)
    {
        var uid = deployment?.Str("metadata.uid");
        return context.State.All(ResourceKind.ReplicaSet, Rollout.Cluster, Rollout.Namespace)
            .Where(rs => rs.Body.Objects("metadata.ownerReferences").Any(o => (uid is not null && o.Str("uid") == uid) || (o.Str("kind") == "Deployment" && o.Str("name") == Rollout.Name)));
    }

    private static int Compare(string? a, string? b)
        => (long.TryParse(a, out var x) ? x : 0).CompareTo(long.TryParse(b, out var y) ? y : 0);

    private const string Revision = "deployment.kubernetes.io/revision";
    private const string TemplateHash = "pod-template-hash";
}
