using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// A hypothesis about the fleet with a deadline in fleet time, evaluated from what the watchers and the traffic
/// probe deliver — never by polling the API. Subclasses say what they see; <see cref="ExpectationRunner"/> waits.
/// </summary>
public abstract class Expectation
{
    /// <summary>The expectation in the runbook's words, with its parameters: "Halts(Rollout shop/checkout in eu-west-1, within 30s, held 60s)".</summary>
    public abstract string Name { get; }

    /// <summary>The kinds of objects this expectation reads, so the experiment can watch them before it starts.</summary>
    public virtual IReadOnlyList<ResourceKind> Reads => [];

    /// <summary>How long after it starts the expectation must be decided (fleet time).</summary>
    public abstract TimeSpan Deadline { get; }

    /// <summary>Called once when evaluation starts, before the first <see cref="Check"/>.</summary>
    protected internal virtual void Begin(ObservationContext context, DateTimeOffset startedAt)
    {
    }

    /// <summary>Called once when evaluation ends, whatever the outcome.</summary>
    protected internal virtual void End(ObservationContext context)
    {
    }

    /// <summary>Evaluates what is seen now. With <paramref name="deadlineReached"/>, Pending means failed.</summary>
    protected internal abstract ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached);

    public override string ToString() => Name;

    internal static string Seconds(TimeSpan span) => span.TotalSeconds % 1 == 0 ? $"{span.TotalSeconds:0}s" : $"{span.TotalSeconds:0.#}s";
}
