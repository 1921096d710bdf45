using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Traffic;

/// <summary>
/// Hits a URL at a steady rate on the fleet clock and records, per request, success, latency and who served it
/// (region, zone, cluster, version from the <c>X-Served-*</c> headers). The same code probes the embedded fleet's
/// traffic endpoint and a real application. Tells the timeline when the serving region or version changes, and
/// when requests start or stop failing.
/// </summary>
public sealed class TrafficProbe : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeProvider _clock;
    private readonly Timeline? _timeline;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly Lock _gate = new();
    private Task? _loop;
    private readonly Queue<TrafficSample> _recentServed = new();
    private string? _lastServedBy;
    private bool? _lastSuccess;

    public TrafficProbe(HttpClient http, Uri url, TimeProvider clock, TrafficProbeOptions? options = null, Timeline? timeline = null)
    {
        _http = http;
        _url = url;
        _clock = clock;
        _timeline = timeline;
        Options = options ?? new TrafficProbeOptions();
        if (!(Options.RequestsPerSecond > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The probe rate must be positive.");
        }

        _inFlight = new SemaphoreSlim(Options.MaxInFlight, Options.MaxInFlight);
    }

    public TrafficProbeOptions Options { get; }

    public TrafficRecord Record { get; } = new();

    public Uri Url => _url;

    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The probe is already running.");
        }

        _loop = RunAsync(_stop.Token);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var pending = new List<Task>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Options.RequestsPerSecond), _clock);
        try
        {
            do
            {
                pending.RemoveAll(t => t.IsCompleted);
                pending.Add(ProbeOnceAsync(stop));
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Requests still in flight when the probe stops are abandoned, not recorded.
        }
    }

    /// <summary>Sends one request and records it. Public so tests and one-off checks can probe on demand.</summary>
    public async Task<TrafficSample> ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var at = _clock.GetUtcNow();
        if (!await _inFlight.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return Add(new TrafficSample(at, false, null, TimeSpan.Zero, null, null, null, null, $"{Options.MaxInFlight} requests already in flight"));
        }

        var started = _clock.GetTimestamp();
        Record.Begin(at);
        try
        {
            using var timeout = new CancellationTokenSource(Options.Timeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            return Add(new TrafficSample(
                at,
                response.IsSuccessStatusCode,
                (int)response.StatusCode,
                _clock.GetElapsedTime(started),
                Header(response, Options.RegionHeader),
                Header(response, Options.ZoneHeader),
                Header(response, Options.ClusterHeader),
                Header(response, Options.VersionHeader),
                response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Add(new TrafficSample(at, false, null, _clock.GetElapsedTime(started), null, null, null, null, $"no answer within {Options.Timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException e)
        {
            return Add(new TrafficSample(at, false, null, _clock.GetElapsedTime(started), null, null, null, null, e.Message));
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private TrafficSample Add(TrafficSample sample)
    {
        Record.Add(sample);
        if (_timeline is null)
        {
            return sample;
        }

        lock (_gate)
        {
            if (_lastSuccess != sample.Success)
            {
                _timeline.Record(TimelineEventKind.Traffic, "traffic", _url.Authority, sample.Success ? "requests succeed" : $"requests fail: {sample.Error}", sample.At);
                _lastSuccess = sample.Success;
            }

            if (sample.Success)
            {
                // Who serves is summarised over the last requests, so a balancer alternating zones is not news.
                _recentServed.Enqueue(sample);
                if (_recentServed.Count > 20)
                {
                    _recentServed.Dequeue();
                }

                var servedBy = $"regions {string.Join("+", _recentServed.Select(s => s.Region ?? "?").Distinct().Order())}, versions {string.Join("+", _recentServed.Select(s => s.Version ?? "?").Distinct().Order())}";
                if (servedBy != _lastServedBy)
                {
                    _timeline.Record(TimelineEventKind.Traffic, "traffic", _url.Authority, $"served by {servedBy}", sample.At);
                    _lastServedBy = servedBy;
                }
            }
        }

        return sample;
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
