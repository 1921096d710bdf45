namespace ChaosHarness.Fleet.Traffic;

/// <summary>The random draws one request makes on its way through the load balancer, ingress and pod. A value type: no allocation.</summary>
public struct Dice(ulong state)
{
    private ulong _state = state;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return SeededStream.Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)((NextUInt64() >> 33) * (ulong)count >> 31);

    /// <summary>An exponentially distributed span of mean <paramref name="mean"/>.</summary>
    public TimeSpan Exponential(TimeSpan mean) =>
        mean <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(-Math.Log(1 - NextDouble()) * mean.Ticks));
}
