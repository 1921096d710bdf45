using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// An expectation on the share of successful requests a part of the fleet serves, judged over the last
/// <see cref="Window"/> whose every request has its answer, together with the success ratio.
/// </summary>
public abstract class TrafficShareExpectation(ServedBy part, TimeSpan within, double successObjective, TimeSpan? window, int minSamples) : Expectation
{
    public double SuccessObjective { get; } = successObjective;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromSeconds(10);

    public override TimeSpan Deadline { get; } = within;

    /// <summary>Whether the share <paramref name="part"/> served is the one expected.</summary>
    protected abstract bool ShareHolds(double share);

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        var traffic = context.RequireTraffic(Name);
        var settled = traffic.SettledUntil(now);
        var last = traffic.Last(Window, settled);
        var share = last.ShareServedBy(part.Matches);
        var seen = $"over the last {Seconds(Window)}{(settled < now ? $" answered (to {Seconds(now - settled)} ago)" : "")}: {part} served {share.Percent(1)} of successful requests, success {last.SuccessRatio.Percent(1)} ({last})";
        if (last.Total < minSamples)
        {
            return ExpectationCheck.Pending($"only {last.Total} request(s) in the last {Seconds(Window)}; {seen}");
        }

        return ShareHolds(share) && last.SuccessRatio >= SuccessObjective ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
