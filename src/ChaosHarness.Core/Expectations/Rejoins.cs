using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Traffic comes back to a part of the fleet that was lost: within the deadline, over the last <see cref="Window"/>, it
/// serves at least <see cref="MinShare"/> of the successful requests while the success ratio is at least
/// <see cref="SuccessObjective"/> — the load balancer took it back, and it serves well.
/// </summary>
public sealed class Rejoins(ServedBy part, TimeSpan within, double minShare, double successObjective = 0.99, TimeSpan? window = null, int minSamples = 10) : Expectation
{
    public ServedBy Part { get; } = part;

    public double MinShare { get; } = minShare;

    public double SuccessObjective { get; } = successObjective;

    public TimeSpan Window { get; } = window ?? TimeSpan.FromSeconds(10);

    public override string Name => $"Rejoins({Part}, within {Seconds(Deadline)}, share ≥ {MinShare.Percent(0)}, success ≥ {SuccessObjective.Percent(1)})";

    public override TimeSpan Deadline { get; } = within;

    protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
    {
        // Judged over the last window whose every request has its answer.
        var traffic = context.RequireTraffic(Name);
        var settled = traffic.SettledUntil(now);
        var window = traffic.Last(Window, settled);
        var share = window.ShareServedBy(Part.Matches);
        var seen = $"over the last {Seconds(Window)}{(settled < now ? $" answered (to {Seconds(now - settled)} ago)" : "")}: {Part} served {share.Percent(1)} of successful requests, success {window.SuccessRatio.Percent(1)} ({window})";
        if (window.Total < minSamples)
        {
            return ExpectationCheck.Pending($"only {window.Total} request(s) in the last {Seconds(Window)}; {seen}");
        }

        return share >= MinShare && window.SuccessRatio >= SuccessObjective ? ExpectationCheck.Passed(seen) : ExpectationCheck.Pending(seen);
    }
}
