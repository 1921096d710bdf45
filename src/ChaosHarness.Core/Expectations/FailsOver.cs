using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Traffic leaves the lost part of the fleet: within the deadline, over the last <see cref="Window"/>, the share of
/// successful requests served by <see cref="From"/> is at most <see cref="MaxShare"/> while the success ratio is at
/// least <see cref="SuccessObjective"/>.
/// </summary>
public sealed class FailsOver(ServedBy from, TimeSpan within, double maxShare = 0.01, double successObjective = 0.99, TimeSpan? window = null, int minSamples = 10) : Expectation
{
    public ServedBy From { get; } = from;

    public double MaxShare { get; } = maxShare;

    public double SuccessObjective { get; } = successObjective;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromSeconds(10);

    public override string Name => $"FailsOver(from {From}, within {Seconds(Deadline)}, share ≤ {MaxShare.Percent(0)}, success ≥ {SuccessObjective.Percent(1)})";

    public override TimeSpan Deadline { get; } = within;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        // Judged over the last window whose every request has its answer.
        var traffic = context.RequireTraffic(Name);
        var settled = traffic.SettledUntil(now);
        var window = traffic.Last(Window, settled);
        var share = window.ShareServedBy(From.Matches);
        var seen = $"over the last {Seconds(Window)}{(settled < now ? $" answered (to {Seconds(now - settled)} ago)" : "")}: {From} served {share.Percent(1)} of successful requests, success {window.SuccessRatio.Percent(1)} ({window})";
        if (window.Total < minSamples)
        {
            return ExpectationCheck.Pending($"only {window.Total} request(s) in the last {Seconds(Window)}; {seen}");
        }

        return share <= MaxShare && window.SuccessRatio >= SuccessObjective ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
