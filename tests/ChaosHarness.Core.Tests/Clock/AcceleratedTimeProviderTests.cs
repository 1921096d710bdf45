using ChaosHarness.Core.Clock;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Clock;

public class AcceleratedTimeProviderTests
{
    private static readonly DateTimeOffset Wall = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FleetStart = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Fleet_time_runs_factor_times_faster_from_its_anchor()
    {
        var wall = new FakeTimeProvider(Wall);
        var clock = new AcceleratedTimeProvider(60, FleetStart, Wall, wall);

        wall.Advance(TimeSpan.FromSeconds(2));

        Assert.That(clock.GetUtcNow(), Is.EqualTo(FleetStart + TimeSpan.FromMinutes(2)));
    }

    [Test]
    public void An_anchor_in_the_past_puts_fleet_time_ahead_by_the_scaled_gap()
    {
        var wall = new FakeTimeProvider(Wall);
        var clock = new AcceleratedTimeProvider(60, FleetStart, Wall - TimeSpan.FromSeconds(10), wall);

        Assert.That(clock.GetUtcNow(), Is.EqualTo(FleetStart + TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void Elapsed_time_from_timestamps_is_in_fleet_time()
    {
        var wall = new FakeTimeProvider(Wall);
        var clock = new AcceleratedTimeProvider(60, inner: wall);
        var start = clock.GetTimestamp();

        wall.Advance(TimeSpan.FromMilliseconds(500));

        Assert.That(clock.GetElapsedTime(start), Is.EqualTo(TimeSpan.FromSeconds(30)).Within(TimeSpan.FromMilliseconds(1)));
    }

    [Test]
    public async Task A_fleet_delay_waits_its_span_divided_by_the_factor_in_wall_time()
    {
        var wall = new FakeTimeProvider(Wall);
        var clock = new AcceleratedTimeProvider(60, inner: wall);

        var delay = Task.Delay(TimeSpan.FromSeconds(60), clock);
        wall.Advance(TimeSpan.FromMilliseconds(999));
        Assert.That(delay.IsCompleted, Is.False, "completed before a wall second had passed");

        wall.Advance(TimeSpan.FromMilliseconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task On_the_system_clock_a_fleet_delay_never_ends_before_its_fleet_deadline()
    {
        var clock = new AcceleratedTimeProvider(60);
        for (var i = 0; i < 20; i++)
        {
            var start = clock.GetUtcNow();
            var span = TimeSpan.FromMilliseconds(402 + (17 * i));
            await Task.Delay(span, clock);
            Assert.That(clock.GetUtcNow() - start, Is.GreaterThanOrEqualTo(span));
        }
    }

    [Test]
    public void Periodic_timers_tick_at_the_scaled_period_and_can_be_changed()
    {
        var wall = new FakeTimeProvider(Wall);
        var clock = new AcceleratedTimeProvider(10, inner: wall);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

        wall.Advance(TimeSpan.FromSeconds(3));
        Assert.That(ticks, Is.EqualTo(3));

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        wall.Advance(TimeSpan.FromSeconds(5));
        Assert.That(ticks, Is.EqualTo(3));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void A_factor_that_is_not_positive_and_finite_is_refused(double factor)
        => Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AcceleratedTimeProvider(factor));
}
