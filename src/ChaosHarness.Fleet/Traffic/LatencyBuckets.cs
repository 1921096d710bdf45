namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The latency histogram's buckets: logarithmic, three per doubling from 250 µs, so 64 of them reach past eight minutes and
/// any quantile read off them is within 12 % of the truth.
/// </summary>
internal static class LatencyBuckets
{
    public const int Count = 64;
    private const double SmallestMicroseconds = 250;
    private const double PerDoubling = 3;

    public static int IndexOf(TimeSpan latency)
    {
        var micros = latency.Ticks / (double)TimeSpan.TicksPerMicrosecond;
        if (micros <= SmallestMicroseconds) return 0;
        var index = (int)(Math.Log2(micros / SmallestMicroseconds) * PerDoubling);
        return index < Count ? index : Count - 1;
    }

    /// <summary>The value a bucket stands for: its geometric midpoint.</summary>
    public static TimeSpan ValueOf(int index) =>
        TimeSpan.FromMicroseconds(SmallestMicroseconds * Math.Pow(2, (index + 0.5) / PerDoubling));
}
