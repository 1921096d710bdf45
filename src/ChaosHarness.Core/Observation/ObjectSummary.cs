using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Observation;

/// <summary>
/// The fields of an object that tell its story in a rollout (phase, step, weight, conditions, readiness…),
/// per kind. The timeline records how they change, and nothing else (a Lease's renewals are not news).
/// </summary>
public static class ObjectSummary
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(ResourceKind kind, JsonObject body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(new(name, value));
            }
        }

        switch (kind.Kind)
        {
            case "Rollout":
                Add("phase", body.Str("status.phase"));
                Add("message", body.Str("status.message"));
                Add("step", body.Str("status.currentStepIndex"));
                Add("canary weight", body.Str("status.canary.weights.canary.weight"));
                Add("abort", body.Bool("status.abort") == true ? "true" : null);
                Add("paused", string.Join(",", body.Objects("status.pauseConditions").Select(p => p.Str("reason"))));
                Add("stable", body.Str("status.stableRS"));
                Add("current", body.Str("status.currentPodHash"));
                Add("ready", Ratio(body.Str("status.readyReplicas"), body.Str("status.replicas")));
                break;
            case "Canary":
                Add("phase", body.Str("status.phase"));
                Add("canary weight", body.Str("status.canaryWeight"));
                Add("failed checks", body.Str("status.failedChecks"));
                Add("iterations", body.Str("status.iterations"));
                break;
            case "Deployment":
                Add("revision", (body.At("metadata.annotations") as JsonObject)?["deployment.kubernetes.io/revision"]?.GetValue<string>());
                Add("image", string.Join(",", body.Objects("spec.template.spec.containers").Select(c => c.Str("image"))));
                Add("updated", Ratio(body.Str("status.updatedReplicas"), body.Str("spec.replicas")));
                Add("available", Ratio(body.Str("status.availableReplicas"), body.Str("spec.replicas")));
                Add("progressing", Condition(body, "Progressing"));
                break;
            case "ReplicaSet":
                Add("replicas", body.Str("spec.replicas"));
                Add("ready", body.Str("status.readyReplicas") ?? "0");
                break;
            case "Pod":
                Add("phase", body.Str("status.phase"));
                Add("node", body.Str("spec.nodeName"));
                Add("ready", body.Condition("Ready")?.Str("status"));
                Add("terminating", body.Str("metadata.deletionTimestamp") is null ? null : "true");
                break;
            case "Node":
                Add("ready", Condition(body, "Ready"));
                Add("unschedulable", body.Bool("spec.unschedulable") == true ? "true" : null);
                Add("taints", string.Join(",", body.Objects("spec.taints").Select(t => $"{t.Str("key")}:{t.Str("effect")}")));
                break;
            case "Lease":
                Add("holder", body.Str("spec.holderIdentity"));
                break;
            default:
                Add("generation", body.Str("metadata.generation"));
                break;
        }

        return fields;
    }

    /// <summary>"phase Progressing → Paused, step 1 → 2" or null when nothing the story needs changed.</summary>
    public static string? Describe(ResourceKind kind, JsonObject? before, JsonObject? after)
    {
        if (after is null)
        {
            return "deleted";
        }

        var now = Of(kind, after);
        if (before is null)
        {
            return now.Count == 0 ? "added" : $"added ({string.Join(", ", now.Select(f => $"{f.Key} {f.Value}"))})";
        }

        var was = Of(kind, before).ToDictionary(f => f.Key, f => f.Value);
        var changes = new List<string>();
        foreach (var (key, value) in now)
        {
            if (!was.Remove(key, out var old))
            {
                changes.Add($"{key} → {value}");
            }
            else if (old != value)
            {
                changes.Add($"{key} {old} → {value}");
            }
        }

        changes.AddRange(was.Select(f => $"{f.Key} {f.Value} → (none)"));
        return changes.Count == 0 ? null : string.Join(", ", changes);
    }

    private static string? Ratio(string? part, string? whole) => part is null && whole is null ? null : $"{part ?? "0"}/{whole ?? "?"}";

    private static string? Condition(JsonObject body, string type)
        => body.Condition(type) is { } c ? $"{c.Str("status")}{(c.Str("reason") is { } r ? $" ({r})" : "")}" : null;
}
