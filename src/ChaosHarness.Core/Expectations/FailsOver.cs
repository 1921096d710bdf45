namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Traffic leaves the lost part of the fleet: within the deadline, over the last <see cref="TrafficShareExpectation.Window"/>,
/// the share of successful requests served by <see cref="From"/> is at most <see cref="MaxShare"/> while the success
/// ratio is at least <see cref="TrafficShareExpectation.SuccessObjective"/>.
/// </summary>
public sealed class FailsOver(ServedBy from, TimeSpan within, double maxShare = 0.01, double successObjective = 0.99, TimeSpan? window = null, int minSamples = 10)
    : TrafficShareExpectation(from, within, successObjective, window, minSamples)
{
    public ServedBy From { get; } = from;

    public double MaxShare { get; } = maxShare;

    public override string Name => $"FailsOver(from {From}, within {Seconds(Deadline)}, share ≤ {MaxShare.Percent(0)}, success ≥ {SuccessObjective.Percent(1)})";

    protected override bool ShareHolds(double share) => share <= MaxShare;
}
