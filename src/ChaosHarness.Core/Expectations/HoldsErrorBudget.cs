using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Failed requests stay within <see cref="Budget"/> (a fraction of all requests) from <paramref name="since"/>
/// (the experiment's start by default) until <see cref="Over"/> has passed. With <see cref="Over"/> zero, it judges
/// what was recorded so far, at once.
/// </summary>
public sealed class HoldsErrorBudget(double budget, TimeSpan over, DateTimeOffset? since = null) : Expectation
{
    private DateTimeOffset _since;

    public double Budget { get; } = budget;

    public TimeSpan Over { get; } = over;

    public override string Name => $"HoldsErrorBudget(≤ {Budget.Percent(2)} failed{(Over > TimeSpan.Zero ? $", over {Seconds(Over)}" : "")})";

    public override TimeSpan Deadline => Over;

    protected internal override void Begin(ObservationContext context, DateTimeOffset startedAt) => _since = since ?? context.Timeline.Origin;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var window = context.RequireTraffic(Name).Window(_since, now);
        var failedRatio = window.Total == 0 ? 0 : (double)window.Failed / window.Total;
        var seen = $"{window.Failed} of {window.Total} requests failed ({failedRatio.Percent(2)}); budget {Budget.Percent(2)}";
        if (window.Failed > 0)
        {
            seen += $" — {window.FailureReasons()}";
        }

        if (window.Total == 0 && deadlineReached)
        {
            return ExpectationCheck.Failed("no request was recorded: the traffic probe saw nothing to judge");
        }

        if (failedRatio > Budget)
        {
            return deadlineReached ? ExpectationCheck.Failed(seen) : ExpectationCheck.Pending(seen);
        }

        return deadlineReached ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
