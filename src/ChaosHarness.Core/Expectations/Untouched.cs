using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Nobody changes the object's spec for <see cref="HoldFor"/>: its <c>metadata.generation</c> stays where it was when
/// the expectation started. "The wave halts before the next cluster": that cluster's controller is never touched.
/// Every change the watch delivers is examined, so a change and its undoing in between are still caught.
/// </summary>
public sealed class Untouched(ObjectRef target, TimeSpan holdFor) : Expectation
{
    private readonly Lock _gate = new();
    private Action<ObservedChange>? _listener;
    private DateTimeOffset _startedAt;
    private long? _generation;
    private string? _touched;

    public ObjectRef Target { get; } = target;

    public TimeSpan HoldFor { get; } = holdFor;

    public override string Name => $"Untouched({Target}, held {Seconds(HoldFor)})";

    public override TimeSpan Deadline => HoldFor;

    public override IReadOnlyList<ResourceKind> Reads => [Target.Kind];

    protected internal override void Begin(ObservationContext context, DateTimeOffset startedAt)
    {
        _startedAt = startedAt;
        _generation = context.State.Get(Target)?.Generation;
        _listener = change =>
        {
            if (change.Ref != Target)
            {
                return;
            }

            lock (_gate)
            {
                var generation = change.After?.Long("metadata.generation");
                _generation ??= change.Before?.Long("metadata.generation") ?? generation;
                if (_touched is null && (change.After is null || generation != _generation))
                {
                    _touched = change.After is null
                        ? $"it was deleted at {change.At.Relative(_startedAt)}"
                        : $"its spec changed at {change.At.Relative(_startedAt)}: generation {_generation} → {generation}{Images(change.Before, change.After)}";
                }
            }
        };
        context.State.Changed += _listener;
    }

    protected internal override void End(ObservationContext context) => context.State.Changed -= _listener;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        lock (_gate)
        {
            if (_touched is not null)
            {
                return ExpectationCheck.Failed(_touched);
            }

            if (_generation is null)
            {
                return ExpectationCheck.Pending($"{Target.Display} not seen in {Target.Cluster}");
            }

            var seen = $"generation {_generation}{Images(null, context.State.Get(Target)?.Body)}";
            return deadlineReached ? ExpectationCheck.Passed($"untouched: {seen}") : ExpectationCheck.Pending(seen);
        }
    }

    private static string Images(JsonObject? before, JsonObject? after)
    {
        static string? Of(JsonObject? body) => body is null ? null : string.Join(", ", body.Objects("spec.template.spec.containers").Select(c => c.Str("image")));
        var (from, to) = (Of(before), Of(after));
        return to is null or "" ? "" : from is null || from == to ? $", image {to}" : $", image {from} → {to}";
    }
}
