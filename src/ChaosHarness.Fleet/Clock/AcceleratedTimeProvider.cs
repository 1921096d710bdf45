namespace ChaosHarness.Fleet.Clock;

/// <summary>
/// Fleet time: starts at a chosen instant and runs <see cref="Speed"/> times faster than the wall clock.
/// Every controller, timer and timestamp of the embedded fleet reads this one provider.
/// </summary>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly TimeProvider _wall;
    private readonly long _wallStartTimestamp;
    private readonly DateTimeOffset _fleetStart;

    public AcceleratedTimeProvider(double speed, DateTimeOffset? fleetStart = null, TimeProvider? wall = null)
    {
        if (!double.IsFinite(speed) || speed < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The fleet clock's speed must be a finite factor of at least 1.");
        }

        Speed = speed;
        _wall = wall ?? System;
        _wallStartTimestamp = _wall.GetTimestamp();
        _fleetStart = fleetStart ?? _wall.GetUtcNow();
    }

    public double Speed { get; }

    public override long TimestampFrequency => _wall.TimestampFrequency;

    public override long GetTimestamp() =>
        _wallStartTimestamp + (long)((_wall.GetTimestamp() - _wallStartTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _fleetStart + FleetElapsed();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, _wall.CreateTimer(callback, state, ToWall(dueTime), ToWall(period)));

    /// <summary>The wall-clock span that passes while <paramref name="fleetSpan"/> passes in fleet time.</summary>
    public TimeSpan ToWall(TimeSpan fleetSpan) =>
        fleetSpan == Timeout.InfiniteTimeSpan || fleetSpan <= TimeSpan.Zero ? fleetSpan : fleetSpan / Speed;

    private TimeSpan FleetElapsed() => _wall.GetElapsedTime(_wallStartTimestamp) * Speed;

    private sealed class ScaledTimer(AcceleratedTimeProvider clock, ITimer wallTimer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => wallTimer.Change(clock.ToWall(dueTime), clock.ToWall(period));

        public void Dispose() => wallTimer.Dispose();

        public ValueTask DisposeAsync() => wallTimer.DisposeAsync();
    }
}
