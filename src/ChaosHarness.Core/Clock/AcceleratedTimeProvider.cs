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
        => new ScaledTimer(this, _inner, callback, state, dueTime, period);

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

    /// <summary>
    /// A timer on the inner clock at the scaled spans. A one-shot timer never fires before its fleet-time deadline: the
    /// system timer counts coarse ticks and may wake a few milliseconds early (hundreds of fleet milliseconds at 60×),
    /// and is then armed again for what is left.
    /// </summary>
    private sealed class ScaledTimer : ITimer
    {
        private readonly Lock _gate = new();
        private readonly AcceleratedTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private DateTimeOffset? _oneShotDueAt;

        public ScaledTimer(AcceleratedTimeProvider clock, TimeProvider inner, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _inner = inner.CreateTimer(static timer => ((ScaledTimer)timer!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                var oneShot = dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan && (period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero);
                _oneShotDueAt = oneShot ? _clock.GetUtcNow() + dueTime : null;
                return _inner.Change(_clock.ToWall(dueTime), _clock.ToWall(period));
            }
        }

        public void Dispose() => _inner.Dispose();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();

        private void Fire()
        {
            lock (_gate)
            {
                if (_oneShotDueAt is { } dueAt && _clock.GetUtcNow() is var now && now < dueAt)
                {
                    _inner.Change(_clock.ToWall(dueAt - now), Timeout.InfiniteTimeSpan);
                    return;
                }
            }

            _callback(_state);
        }
    }
}
