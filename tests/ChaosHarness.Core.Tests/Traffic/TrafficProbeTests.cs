using System.Net;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Traffic;

public class TrafficProbeTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    private sealed class Backend(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult(answer(request));
        }
    }

    private static HttpResponseMessage Served(string region, string version)
    {
        var r = new HttpResponseMessage(HttpStatusCode.OK);
        r.Headers.Add("X-Served-Region", region);
        r.Headers.Add("X-Served-Zone", region + "-1a");
        r.Headers.Add("X-Served-Cluster", region + "-1");
        r.Headers.Add("X-Served-Version", version);
        return r;
    }

    [Test]
    public async Task Records_success_latency_and_who_served_from_the_headers()
    {
        var probe = new TrafficProbe(new HttpClient(new Backend(_ => Served("eu-west", "v2"))), new Uri("http://shop.test/"), _clock);

        var sample = await probe.ProbeOnceAsync(CancellationToken.None);

        Assert.That(sample, Is.EqualTo(new TrafficSample(_clock.GetUtcNow(), true, 200, TimeSpan.Zero, "eu-west", "eu-west-1a", "eu-west-1", "v2")));
        await probe.DisposeAsync();
    }

    [Test]
    public async Task Probes_at_a_steady_rate_on_the_clock()
    {
        var backend = new Backend(_ => Served("eu-west", "v1"));
        var probe = new TrafficProbe(new HttpClient(backend), new Uri("http://shop.test/"), _clock, new TrafficProbeOptions { RequestsPerSecond = 4 });
        probe.Start();
        await Drive.UntilAsync(() => probe.Record.Count == 1, "the first request");

        for (var i = 1; i <= 8; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            var expected = i + 1;
            await Drive.UntilAsync(() => probe.Record.Count == expected, $"request {expected}");
        }

        await probe.DisposeAsync();
        Assert.That(probe.Record.Since(DateTimeOffset.MinValue).Total, Is.EqualTo(9));
        Assert.That(backend.Calls, Is.EqualTo(9));
    }

    [Test]
    public async Task Errors_and_refusals_are_failures_with_a_reason()
    {
        var probe = new TrafficProbe(new HttpClient(new Backend(_ => throw new HttpRequestException("Connection refused"))), new Uri("http://shop.test/"), _clock);
        var refused = await probe.ProbeOnceAsync(CancellationToken.None);

        var unavailable = await new TrafficProbe(new HttpClient(new Backend(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))), new Uri("http://shop.test/"), _clock).ProbeOnceAsync(CancellationToken.None);

        Assert.That(refused.Success, Is.False);
        Assert.That(refused.Error, Is.EqualTo("Connection refused"));
        Assert.That(unavailable.Success, Is.False);
        Assert.That(unavailable.Error, Is.EqualTo("HTTP 503"));
        await probe.DisposeAsync();
    }

    [Test]
    public async Task Tells_the_timeline_when_who_serves_changes_not_every_request()
    {
        var region = "eu-west";
        var timeline = new Timeline(_clock);
        var probe = new TrafficProbe(new HttpClient(new Backend(_ => Served(region, "v1"))), new Uri("http://shop.test/"), _clock, timeline: timeline);
        for (var i = 0; i < 5; i++)
        {
            await probe.ProbeOnceAsync(CancellationToken.None);
        }

        region = "us-east";
        await probe.ProbeOnceAsync(CancellationToken.None);

        var traffic = timeline.Snapshot().Where(e => e.Kind == TimelineEventKind.Traffic).Select(e => e.Change).ToList();
        Assert.That(traffic, Is.EqualTo(new[] { "requests succeed", "served by regions eu-west, versions v1", "served by regions eu-west+us-east, versions v1" }));
        await probe.DisposeAsync();
    }

    [Test]
    public async Task Stopping_abandons_requests_in_flight_without_failing_or_recording_them()
    {
        var started = new TaskCompletionSource();
        var hanging = new HangingBackend(started);
        var probe = new TrafficProbe(new HttpClient(hanging), new Uri("http://shop.test/"), _clock);
        probe.Start();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await probe.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(probe.Record.Count, Is.Zero);
    }

    private sealed class HangingBackend(TaskCompletionSource started) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Test]
    public void Window_statistics()
    {
        var at = _clock.GetUtcNow();
        var w = new TrafficWindow(at, at, [
            new TrafficSample(at, true, 200, TimeSpan.FromMilliseconds(10), "eu", null, null, null),
            new TrafficSample(at, true, 200, TimeSpan.FromMilliseconds(30), "us", null, null, null),
            new TrafficSample(at, true, 200, TimeSpan.FromMilliseconds(20), "us", null, null, null),
            new TrafficSample(at, false, 503, TimeSpan.FromMilliseconds(90), null, null, null, null)]);

        Assert.Multiple(() =>
        {
            Assert.That(w.SuccessRatio, Is.EqualTo(0.75));
            Assert.That(w.ShareServedBy(s => s.Region == "us"), Is.EqualTo(2.0 / 3));
            Assert.That(w.LatencyPercentile(50), Is.EqualTo(TimeSpan.FromMilliseconds(20)));
            Assert.That(w.LatencyPercentile(100), Is.EqualTo(TimeSpan.FromMilliseconds(90)));
        });
    }
}
