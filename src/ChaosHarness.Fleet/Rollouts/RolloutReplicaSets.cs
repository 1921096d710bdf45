using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Rollouts.Model;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// A rollout's ReplicaSets, as its controller sorts them: the new one (running the current pod template), the stable one
/// (<c>status.stableRS</c>) and the others. New and stable are the same ReplicaSet once the rollout is fully promoted.
/// </summary>
internal sealed record RolloutReplicaSets(
    Cached<V1ReplicaSet>? New,
    Cached<V1ReplicaSet>? Stable,
    IReadOnlyList<Cached<V1ReplicaSet>> Others,
    IReadOnlyList<Cached<V1ReplicaSet>> All)
{
    /// <summary>There is a stable ReplicaSet and it is not the new one: the canary steps apply.</summary>
    public bool StableExists => Stable is not null && (New is null || New.Name != Stable.Name);

    /// <summary>
    /// Sorts <paramref name="owned"/> (the ReplicaSets the rollout controls). The new ReplicaSet is found by the name Argo gives
    /// it (<c>&lt;rollout&gt;-&lt;hash&gt;</c>), else by a template equal to the rollout's (a rollback restores a template the API
    /// server had defaulted, so its hash differs from the ReplicaSet's name).
    /// </summary>
    public static RolloutReplicaSets Sort(Rollout rollout, string podHash, IEnumerable<Cached<V1ReplicaSet>> owned)
    {
        var alive = owned.Where(rs => rs.Model.Metadata.DeletionTimestamp is null)
            .OrderBy(rs => rs.Model.Metadata.CreationTimestamp ?? DateTime.MaxValue).ThenBy(rs => rs.Name, StringComparer.Ordinal).ToList();
        var newRs = alive.FirstOrDefault(rs => rs.Name == $"{rollout.Name}-{podHash}")
            ?? alive.FirstOrDefault(rs => PodTemplates.Derives(rollout.Spec.Template, rs.Object.ToJsonObject()["spec"]?["template"]));
        var stable = string.IsNullOrEmpty(rollout.Status.StableRS) ? null : alive.FirstOrDefault(rs => rs.Model.PodHash() == rollout.Status.StableRS);
        var others = alive.Where(rs => rs.Name != newRs?.Name && rs.Name != stable?.Name).ToList();
        return new RolloutReplicaSets(newRs, stable, others, alive);
    }

    /// <summary>The new ReplicaSet, when there is none yet, after it was created.</summary>
    public RolloutReplicaSets WithNew(Cached<V1ReplicaSet> created) =>
        this with { New = created, All = [.. All.Where(rs => rs.Name != created.Name), created] };

    /// <summary>After one of them changed on the server.</summary>
    public RolloutReplicaSets Replace(Cached<V1ReplicaSet> updated)
    {
        Cached<V1ReplicaSet> Pick(Cached<V1ReplicaSet> rs) => rs.Name == updated.Name ? updated : rs;
        return new RolloutReplicaSets(
            New is null ? null : Pick(New), Stable is null ? null : Pick(Stable), [.. Others.Select(Pick)], [.. All.Select(Pick)]);
    }
}

/// <summary>Pod templates compared as Argo compares a live ReplicaSet's with the rollout's.</summary>
internal static class PodTemplates
{
    /// <summary>
    /// Whether <paramref name="live"/> is <paramref name="desired"/> plus what the API server defaulted (apimachinery's
    /// DeepDerivative), the rollouts-pod-template-hash label set aside.
    /// </summary>
    public static bool Derives(JsonNode? desired, JsonNode? live) => Derivative(WithoutHash(desired), WithoutHash(live));

    private static bool Derivative(JsonNode? desired, JsonNode? live) => desired switch
    {
        null => true,
        JsonObject o when o.Count == 0 => true,
        JsonObject o => live is JsonObject l && o.All(p => Derivative(p.Value, l[p.Key])),
        JsonArray a when a.Count == 0 => true,
        JsonArray a => live is JsonArray l && l.Count == a.Count && a.Select((e, i) => Derivative(e, l[i])).All(x => x),
        _ => live is not null && JsonNode.DeepEquals(desired, live),
    };

    private static JsonNode? WithoutHash(JsonNode? template)
    {
        if (template?.DeepClone() is not JsonObject copy) return template;
        if (copy["metadata"]?["labels"] is JsonObject labels) labels.Remove(ArgoLabels.PodTemplateHash);
        return copy;
    }
}
