using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// The rollout stops advancing — no higher step or weight, no promotion — within <see cref="Within"/>, and stays
/// so for <see cref="HoldFor"/> after that. Every change the watch delivers is examined, so a step taken and undone
/// between two evaluations is still caught.
/// </summary>
public sealed class Halts(ObjectRef rollout, TimeSpan within, TimeSpan holdFor) : Expectation
{
    private readonly Lock _gate = new();
    private Action<ObservedChange>? _listener;
    private DateTimeOffset _startedAt;
    private RolloutProgress? _halted;
    private RolloutProgress? _advancedTo;
    private DateTimeOffset _advancedAt;
    private DateTimeOffset _lastAdvanceAt;

    public ObjectRef Rollout { get; } = rollout;

    public TimeSpan Within { get; } = within;

    public TimeSpan HoldFor { get; } = holdFor;

    public override string Name => $"Halts({Rollout}, within {Seconds(Within)}, held {Seconds(HoldFor)})";

    public override TimeSpan Deadline => Within + HoldFor;

    public override IReadOnlyList<ResourceKind> Reads => [Rollout.Kind];

    protected internal override void Begin(ObservationContext context, DateTimeOffset startedAt)
    {
        _startedAt = startedAt;
        _lastAdvanceAt = startedAt;
        _listener = change =>
        {
            if (change.Ref != Rollout || change.After is null)
            {
                return;
            }

            var before = change.Before is null ? null : RolloutProgress.Of(Rollout.Kind, change.Before);
            var after = RolloutProgress.Of(Rollout.Kind, change.After);
            lock (_gate)
            {
                if (before is not null && before.IsAdvancedBy(after))
                {
                    _lastAdvanceAt = change.At;
                    if (change.At > _startedAt + Within && _advancedTo is null)
                    {
                        _halted = before;
                        _advancedTo = after;
                        _advancedAt = change.At;
                    }
                }
            }
        };
        context.State.Changed += _listener;
    }

    protected internal override void End(ObservationContext context) => context.State.Changed -= _listener;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var current = context.State.Get(Rollout);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Rollout.Display} not seen in {Rollout.Cluster}");
        }

        var progress = RolloutProgress.Of(Rollout.Kind, current.Body);
        lock (_gate)
        {
            if (_advancedTo is not null)
            {
                return ExpectationCheck.Failed(
                    $"it kept advancing: {_halted!.Display} → {_advancedTo.Display} at {_advancedAt.Relative(_startedAt)}, after the halt deadline {Within.TotalSeconds:0.#}s");
            }

            if (progress.Completed)
            {
                return ExpectationCheck.Failed($"it did not halt: {progress.Display}");
            }

            if (deadlineReached)
            {
                return ExpectationCheck.Passed($"held at {progress.Display} since {_lastAdvanceAt.Relative(_startedAt)}");
            }

            return ExpectationCheck.Pending($"at {progress.Display}, last advanced at {_lastAdvanceAt.Relative(_startedAt)}");
        }
    }
}
