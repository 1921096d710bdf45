namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Traffic comes back to a part of the fleet that was lost: within the deadline, over the last
/// <see cref="TrafficShareExpectation.Window"/>, it serves at least <see cref="MinShare"/> of the successful requests while
/// the success ratio is at least <see cref="TrafficShareExpectation.SuccessObjective"/> — the load balancer took it back,
/// and it serves well.
/// </summary>
public sealed class Rejoins(ServedBy part, TimeSpan within, double minShare, double successObjective = 0.99, TimeSpan? window = null, int minSamples = 10)
    : TrafficShareExpectation(part, within, successObjective, window, minSamples)
{
    public ServedBy Part { get; } = part;

    public double MinShare { get; } = minShare;

    public override string Name => $"Rejoins({Part}, within {Seconds(Deadline)}, share ≥ {MinShare.Percent(0)}, success ≥ {SuccessObjective.Percent(1)})";

    protected override bool ShareHolds(double share) => share >= MinShare;
}
