using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>The rollout reaches its end — every replica updated and available, or the canary promoted — within the deadline.</summary>
public sealed class Completes(ObjectRef rollout, TimeSpan within) : Expectation
{
    public ObjectRef Rollout { get; } = rollout;

    public override string Name => $"Completes({Rollout}, within {Seconds(within)})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => [Rollout.Kind];

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var current = context.State.Get(Rollout);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Rollout.Display} not seen in {Rollout.Cluster}");
        }

        var progress = RolloutProgress.Of(Rollout.Kind, current.Body);
        var summary = string.Join(", ", ObjectSummary.Of(Rollout.Kind, current.Body).Select(f => $"{f.Key} {f.Value}"));
        return progress.Completed ? ExpectationCheck.Passed(summary) : ExpectationCheck.Pending(summary);
    }
}
