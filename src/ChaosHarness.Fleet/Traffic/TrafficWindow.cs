namespace ChaosHarness.Fleet.Traffic;

/// <summary>What the traffic of one version of one app did over a span of fleet time.</summary>
public sealed record TrafficWindow(long Requests, long Failures, TimeSpan P95Latency)
{
    public static TrafficWindow Empty { get; } = new(0, 0, TimeSpan.Zero);

    /// <summary>The share of requests that succeeded; null when there were none, which an analysis treats as no data.</summary>
    public double? SuccessRate => Requests == 0 ? null : (double)(Requests - Failures) / Requests;
}
