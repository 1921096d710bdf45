using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;

namespace ChaosHarness.Core.Expectations;

/// <summary>The fleet is back at its steady state within the deadline.</summary>
public sealed class Recovers(SteadyStateHypothesis hypothesis, TimeSpan within) : Expectation
{
    public override string Name => $"Recovers('{hypothesis.Name}', within {Seconds(within)})";

    public override TimeSpan Deadline => within;

    public override IReadOnlyList<ResourceKind> Reads => hypothesis.Reads;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var report = hypothesis.Evaluate(context, now);
        return report.Healthy
            ? ExpectationCheck.Passed(report.ToString())
            : ExpectationCheck.Pending(string.Join("; ", report.Unhealthy.Select(f => $"{f.Check}: {f.Seen}")));
    }
}
