using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Observation;

/// <summary>
/// How far a progressive rollout has gone, comparable across time: the step (or wave), the canary weight,
/// and whether it was promoted. Read from an Argo Rollout, a Flagger Canary or a Deployment.
/// </summary>
public sealed record RolloutProgress(long Step, long Weight, bool Completed, string Display)
{
    /// <summary>True if <paramref name="later"/> is further along than this: a higher step or weight, or promotion.</summary>
    public bool IsAdvancedBy(RolloutProgress later)
        => later.Step > Step || later.Weight > Weight || (!Completed && later.Completed);

    public static RolloutProgress Of(ResourceKind kind, JsonObject body)
    {
        switch (kind.Kind)
        {
            case "Rollout":
            {
                var step = body.Long("status.currentStepIndex") ?? 0;
                var weight = body.Long("status.canary.weights.canary.weight") ?? 0;
                var steps = body.At("spec.strategy.canary.steps") is JsonArray a ? a.Count : 0;
                var current = body.Str("status.currentPodHash");
                var completed = current is not null && current == body.Str("status.stableRS") && body.Bool("status.abort") != true
                                && (steps == 0 || step >= steps);
                return new RolloutProgress(step, weight, completed, $"step {step}/{steps}, canary weight {weight}{(completed ? ", promoted" : "")}");
            }

            case "Canary":
            {
                var weight = body.Long("status.canaryWeight") ?? 0;
                var iterations = body.Long("status.iterations") ?? 0;
                var phase = body.Str("status.phase");
                var completed = phase is "Promoting" or "Finalising" or "Succeeded";
                return new RolloutProgress(iterations, weight, completed, $"phase {phase}, canary weight {weight}, iteration {iterations}");
            }

            case "Deployment":
            {
                var updated = body.Long("status.updatedReplicas") ?? 0;
                var desired = body.Long("spec.replicas") ?? 1;
                var progressing = body.Condition("Progressing");
                var completed = updated >= desired && (body.Long("status.availableReplicas") ?? 0) >= desired
                                && (body.Long("status.replicas") ?? 0) == desired
                                && (body.Long("status.observedGeneration") ?? 0) >= (body.Long("metadata.generation") ?? 0)
                                && progressing?.Str("reason") is null or "NewReplicaSetAvailable";
                return new RolloutProgress(updated, 0, completed, $"{updated}/{desired} updated{(completed ? ", complete" : "")}");
            }

            default:
                throw new ArgumentException($"{kind.Kind} is not a progressive rollout (Rollout, Canary or Deployment).", nameof(kind));
        }
    }
}
