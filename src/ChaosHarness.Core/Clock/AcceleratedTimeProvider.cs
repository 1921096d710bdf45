namespace ChaosHarness.Core.Clock;

/// <summary>
/// The harness clock for a fleet whose time runs <see cref="Factor"/> times faster than wall time.
/// Everything the harness waits for or stamps goes through it, so deadlines written in fleet time
/// ("halts within 30 s") mean the same on the embedded fleet at 60× and on a real fleet at 1×.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _fleetEpoch;
    private readonly DateTimeOffset _innerEpoch;
    private readonly long _innerTimestampEpoch;

    /// <param name="factor">How many fleet seconds pass per wall second (the fleet's speed).</param>
    /// <param name="fleetEpoch">The fleet time at <paramref name="innerEpoch"/>; defaults to the inner clock's now.</param>
    /// <param name="innerEpoch">The inner (wall) time that corresponds to <paramref name="fleetEpoch"/>.</param>
    /// <param name="inner">The wall clock; <see cref="TimeProvider.System"/> unless a test fakes it.</param>
    public AcceleratedTimeProvider(double factor, DateTimeOffset? fleetEpoch = null, DateTimeOffset? innerEpoch = null, TimeProvider? inner = null)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The clock factor must be a positive, finite number.");
        }

        _inner = inner ?? System;
        Factor = factor;
        _innerEpoch = innerEpoch ?? _inner.GetUtcNow();
        _fleetEpoch = fleetEpoch ?? _innerEpoch;
        _innerTimestampEpoch = _inner.GetTimestamp();
    }

    public double Factor { get; }

    public override TimeZoneInfo LocalTimeZone => _inner.LocalTimeZone;

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override DateTimeOffset GetUtcNow()
    {
        var wallElapsed = _inner.GetUtcNow() - _innerEpoch;
        return _fleetEpoch + TimeSpan.FromTicks((long)(wallElapsed.Ticks * Factor));
    }

    public override long GetTimestamp()
    {
        var innerElapsed = _inner.GetTimestamp() - _innerTimestampEpoch;
        return _innerTimestampEpoch + (long)(innerElapsed * Factor);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => new ScaledTimer(_inner.CreateTimer(callback, state, ToWall(dueTime), ToWall(period)), this);

    /// <summary>Converts a fleet-time span to the wall-time span the inner clock must wait.</summary>
    public TimeSpan ToWall(TimeSpan fleetSpan)
    {
        if (fleetSpan == Timeout.InfiniteTimeSpan || fleetSpan <= TimeSpan.Zero)
        {
            return fleetSpan;
        }

        var ticks = (long)Math.Ceiling(fleetSpan.Ticks / Factor);
        return TimeSpan.FromTicks(Math.Max(1, ticks));
    }

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToWall(dueTime), clock.ToWall(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
