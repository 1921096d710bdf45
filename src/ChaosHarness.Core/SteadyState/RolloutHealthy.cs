using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

/// <summary>
/// A rollout is at rest and serving: an Argo Rollout Healthy (for its current generation), a Flagger Canary
/// Succeeded or Initialized, a Deployment complete with every replica available.
/// </summary>
public sealed class RolloutHealthy(ObjectRef rollout) : ISteadyStateCheck
{
    public string Name => $"{rollout.Display} in {rollout.Cluster} healthy";

    public IReadOnlyList<ResourceKind> Reads { get; } = [rollout.Kind];

    public SteadyStateFinding Evaluate(ObservationContext context, DateTimeOffset now)
    {
        var current = context.State.Get(rollout);
        if (current is null)
        {
            return new SteadyStateFinding(Name, false, $"{rollout.Display} not found in {rollout.Cluster}");
        }

        var body = current.Body;
        var summary = string.Join(", ", ObjectSummary.Of(rollout.Kind, body).Select(f => $"{f.Key} {f.Value}"));
        var healthy = rollout.Kind.Kind switch
        {
            "Rollout" => body.Str("status.phase") == "Healthy" && (body.Long("status.observedGeneration") ?? -1) == current.Generation,
            "Canary" => body.Str("status.phase") is "Succeeded" or "Initialized",
            "Deployment" => RolloutProgress.Of(rollout.Kind, body).Completed,
            _ => false,
        };
        return new SteadyStateFinding(Name, healthy, $"{rollout.Display}: {summary}");
    }
}
