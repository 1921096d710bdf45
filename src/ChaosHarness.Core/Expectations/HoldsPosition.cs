using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// The rollout neither advances (a higher step or weight, a promotion) nor aborts for <see cref="HoldFor"/>: what a
/// correct controller does while it cannot act — throttled, or with no leader — is nothing. Every change the watch
/// delivers is examined, so an abort written and retried between two evaluations is still caught.
/// </summary>
public sealed class HoldsPosition(ObjectRef rollout, TimeSpan holdFor) : Expectation
{
    private readonly Lock _gate = new();
    private Action<ObservedChange>? _listener;
    private DateTimeOffset _startedAt;
    private string? _moved;

    public ObjectRef Rollout { get; } = rollout;

    public TimeSpan HoldFor { get; } = holdFor;

    public override string Name => $"HoldsPosition({Rollout}, held {Seconds(HoldFor)})";

    public override TimeSpan Deadline => HoldFor;

    public override IReadOnlyList<ResourceKind> Reads => [Rollout.Kind];

    protected internal override void Begin(ObservationContext context, DateTimeOffset startedAt)
    {
        _startedAt = startedAt;
        if (context.State.Get(Rollout) is { } current && Aborted(current.Body))
        {
            _moved = $"it was aborted already: {Describe(current.Body)}";
        }

        _listener = change =>
        {
            if (change.Ref != Rollout || change.After is null || change.Before is null)
            {
                return;
            }

            var before = RolloutProgress.Of(Rollout.Kind, change.Before);
            var after = RolloutProgress.Of(Rollout.Kind, change.After);
            var moved = before.IsAdvancedBy(after) ? $"it advanced: {before.Display} → {after.Display}"
                : !Aborted(change.Before) && Aborted(change.After) ? $"it aborted: {Describe(change.After)}"
                : null;
            lock (_gate)
            {
                _moved ??= moved is null ? null : $"{moved} at {change.At.Relative(_startedAt)}";
            }
        };
        context.State.Changed += _listener;
    }

    protected internal override void End(ObservationContext context) => context.State.Changed -= _listener;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        lock (_gate)
        {
            if (_moved is not null)
            {
                return ExpectationCheck.Failed(_moved);
            }
        }

        var current = context.State.Get(Rollout);
        if (current is null)
        {
            return ExpectationCheck.Pending($"{Rollout.Display} not seen in {Rollout.Cluster}");
        }

        var progress = RolloutProgress.Of(Rollout.Kind, current.Body);
        return deadlineReached
            ? ExpectationCheck.Passed($"held at {progress.Display}, not aborted")
            : ExpectationCheck.Pending($"at {progress.Display}");
    }

    private static bool Aborted(System.Text.Json.Nodes.JsonObject body)
        => body.Bool("status.abort") == true || body.Str("status.phase") == "Failed";

    private static string Describe(System.Text.Json.Nodes.JsonObject body)
        => $"phase {body.Str("status.phase") ?? "(none)"}{(body.Str("status.message") is { Length: > 0 } message ? $" \"{message}\"" : "")}";
}
