using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// A moment of a rollout to wait for before injecting: at least a step (Argo step index, Flagger iteration, updated
/// replicas of a Deployment) and/or at least a canary weight. "Drive to step 2, then take the zone out."
/// </summary>
public sealed class Reaches(ObjectRef rollout, TimeSpan within, long? step = null, long? weight = null) : Expectation
{
    public ObjectRef Rollout { get; } = rollout;

    public override string Name
        => $"Reaches({Rollout}{(step is null ? "" : $", step {step}")}{(weight is null ? "" : $", weight {weight}")}, within {Seconds(within)})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => [Rollout.Kind];

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        if (step is null && weight is null)
        {
            return ExpectationCheck.Failed("no step or weight to reach was given");
        }

        var current = context.State.Get(Rollout);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Rollout.Display} not seen in {Rollout.Cluster}");
        }

        var progress = RolloutProgress.Of(Rollout.Kind, current.Body);
        var reached = (step is null || progress.Step >= step) && (weight is null || progress.Weight >= weight);
        return reached ? ExpectationCheck.Passed(progress.Display) : ExpectationCheck.Pending(progress.Display);
    }
}
