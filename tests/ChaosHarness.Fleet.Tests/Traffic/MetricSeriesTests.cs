using ChaosHarness.Fleet.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Fleet.Tests.Traffic;

public sealed class MetricSeriesTests
{
    [Test]
    public void A_window_counts_requests_failures_and_the_95th_percentile_of_its_seconds_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var metrics = new TrafficMetrics(clock);
        var series = metrics.Series("eu-west-1", "shop", "abc");

        for (var i = 0; i < 100; i++) series.Record(clock.GetUtcNow(), failed: i < 10, TimeSpan.FromMilliseconds(i < 95 ? 20 : 400));
        clock.Advance(TimeSpan.FromSeconds(90));
        for (var i = 0; i < 50; i++) series.Record(clock.GetUtcNow(), failed: false, TimeSpan.FromMilliseconds(30));

        var lastMinute = metrics.Query("eu-west-1", "shop", "abc", TimeSpan.FromMinutes(1));
        Assert.That((lastMinute.Requests, lastMinute.Failures), Is.EqualTo((50L, 0L)));
        Assert.That(lastMinute.P95Latency.TotalMilliseconds, Is.EqualTo(30).Within(30 * 0.13));

        var lastTwoMinutes = metrics.Query("eu-west-1", "shop", "abc", TimeSpan.FromMinutes(2));
        Assert.That((lastTwoMinutes.Requests, lastTwoMinutes.Failures), Is.EqualTo((150L, 10L)));
        Assert.That(lastTwoMinutes.SuccessRate, Is.EqualTo(140 / 150.0).Within(1e-9));
        Assert.That(lastTwoMinutes.P95Latency.TotalMilliseconds, Is.EqualTo(30).Within(30 * 0.13), "the 143rd of 150 sorted latencies is a 30 ms one");

        Assert.That(metrics.Query("eu-west-1", "shop", "other", TimeSpan.FromMinutes(1)), Is.EqualTo(TrafficWindow.Empty));
        Assert.That(metrics.Query("eu-west-1", "shop", "abc", TimeSpan.FromMinutes(1)).SuccessRate, Is.EqualTo(1.0));
    }

    [Test]
    public void Seconds_older_than_the_retention_are_forgotten_when_their_slot_is_reused()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var series = new MetricSeries("c", "ns", "h");
        series.Record(clock.GetUtcNow(), failed: true, TimeSpan.FromMilliseconds(5));
        clock.Advance(TimeSpan.FromSeconds(MetricSeries.RetentionSeconds));
        series.Record(clock.GetUtcNow(), failed: false, TimeSpan.FromMilliseconds(5));

        var window = series.Query(clock.GetUtcNow(), TimeSpan.FromHours(1));
        Assert.That((window.Requests, window.Failures), Is.EqualTo((1L, 0L)));
    }
}
