using System.Diagnostics;
using System.Net;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// The traffic endpoint of the default embedded fleet (three regions, the demo app and ingress controller in each, the
/// background load running) under concurrent HTTP clients on loopback: requests per second, their wall latency, and whether
/// the fleet keeps its clock factor meanwhile: how late its one-second fleet timers fire while idle and while hammered, and
/// the factor they achieve back to back (timer slack of the host included, so somewhat below nominal even when idle).
/// </summary>
public sealed class TrafficEndpointBenchmark : IBenchmark
{
    private const int Clients = 32;
    private const double Speed = 60;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    /// <summary>The goal's rate, offered steadily, to see the clock hold while traffic flows without saturating the cores.</summary>
    private const double PacedRate = 5_000;

    public string Name => "traffic-endpoint";

    public string Goal => "≥ 5,000 requests/s on 2 cores, clock factor held";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Speed = Speed }, cancellationToken);
        await UntilServingAsync(fleet, cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = fleet.Traffic.Url };

        var idle = await TimeFleetSecondsAsync(fleet.Clock, Task.Delay(Measure / 2, cancellationToken));
        await HammerAsync(http, Warmup, null, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        var flat = await HammerAsync(http, Measure, null, cancellationToken);
        var flatSeconds = stopwatch.Elapsed.TotalSeconds;

        var routing = MeasureRouting(fleet);
        var loadBefore = fleet.Traffic.LoadGenerator.Sent;
        stopwatch.Restart();
        var pacedRun = HammerAsync(http, Measure, PacedRate, cancellationToken);
        var paced = await TimeFleetSecondsAsync(fleet.Clock, pacedRun);
        var pacedResult = await pacedRun;
        var pacedSeconds = stopwatch.Elapsed.TotalSeconds;
        var loadRequests = fleet.Traffic.LoadGenerator.Sent - loadBefore;

        return
        [
            new Figure($"flat out: HTTP requests answered, {Clients} concurrent clients", flat.Count / flatSeconds, "requests/s"),
            new Figure("flat out: answered 200", 100.0 * flat.Ok / Math.Max(1, flat.Count), "%"),
            new Figure("flat out: wall latency p50", flat.Percentile(0.50), "ms"),
            new Figure("flat out: wall latency p99", flat.Percentile(0.99), "ms"),
            new Figure($"paced at {PacedRate:0}/s: HTTP requests answered", pacedResult.Count / pacedSeconds, "requests/s"),
            new Figure($"paced at {PacedRate:0}/s: wall latency p99", pacedResult.Percentile(0.99), "ms"),
            new Figure("routing alone (load balancer → ingress → pod → metrics), one thread", routing.PerSecond, "requests/s"),
            new Figure("routing alone: allocated per request", routing.BytesPerRequest, "bytes"),
            new Figure("nominal clock factor", Speed, "×"),
            new Figure("idle: fleet-second timers back to back", idle.Factor, "fleet s per wall s"),
            new Figure($"paced at {PacedRate:0}/s: fleet-second timers back to back", paced.Factor, "fleet s per wall s"),
            new Figure("idle: fleet timer lateness p99", idle.LatenessP99, "fleet ms"),
            new Figure($"paced at {PacedRate:0}/s: fleet timer lateness p99", paced.LatenessP99, "fleet ms"),
            new Figure($"paced at {PacedRate:0}/s: background load routed meanwhile", loadRequests / pacedSeconds, "requests/s (wall)"),
        ];
    }

    /// <summary>The routing the endpoint and the load generator share, without HTTP: its speed and what it allocates per request.</summary>
    private static (double PerSecond, double BytesPerRequest) MeasureRouting(EmbeddedFleet fleet)
    {
        const int Requests = 200_000;
        var stream = new Fleet.Traffic.SeededStream(5);
        for (var i = 0; i < 10_000; i++)
        {
            var warm = stream.Next();
            fleet.Traffic.LoadBalancer.Route(ref warm);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Requests; i++)
        {
            var dice = stream.Next();
            fleet.Traffic.LoadBalancer.Route(ref dice);
        }

        var seconds = stopwatch.Elapsed.TotalSeconds;
        return (Requests / seconds, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Requests);
    }

    private static async Task UntilServingAsync(EmbeddedFleet fleet, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), fleet.Clock);
        while (!fleet.Traffic.LoadBalancer.Backends.All(b => b.Healthy))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException("The fleet did not serve within a minute.");
            await tick.WaitForNextTickAsync(cancellationToken);
        }
    }

    /// <summary>Awaits one-second fleet timers back to back until <paramref name="until"/> ends: how late each fired, and the factor achieved.</summary>
    private static async Task<(double Factor, double LatenessP50, double LatenessP99)> TimeFleetSecondsAsync(TimeProvider clock, Task until)
    {
        var lateness = new List<double>();
        var wall = Stopwatch.StartNew();
        while (!until.IsCompleted)
        {
            var before = clock.GetUtcNow();
            await Task.Delay(TimeSpan.FromSeconds(1), clock);
            lateness.Add((clock.GetUtcNow() - before - TimeSpan.FromSeconds(1)).TotalMilliseconds);
        }

        lateness.Sort();
        return (lateness.Count / wall.Elapsed.TotalSeconds, lateness[lateness.Count / 2], lateness[(int)(lateness.Count * 0.99)]);
    }

    /// <summary>Sends requests from <see cref="Clients"/> workers for <paramref name="duration"/>, flat out or at <paramref name="rate"/> per second.</summary>
    private static async Task<Tally> HammerAsync(HttpClient http, TimeSpan duration, double? rate, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var start = Stopwatch.GetTimestamp();
        var until = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var issued = 0L;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var (count, ok) = (0, 0);
            while (Stopwatch.GetTimestamp() < until)
            {
                if (rate is { } perSecond)
                {
                    var due = start + (long)(Interlocked.Increment(ref issued) / perSecond * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync("/checkout", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                count++;
                if (response.StatusCode == HttpStatusCode.OK) ok++;
            }

            lock (tally)
            {
                tally.Count += count;
                tally.Ok += ok;
                tally.Latencies.AddRange(latencies);
            }
        }, cancellationToken)));
        return tally;
    }

    private sealed class Tally
    {
        public long Count { get; set; }
        public long Ok { get; set; }
        public List<double> Latencies { get; } = [];

        public double Percentile(double quantile)
        {
            Latencies.Sort();
            return Latencies.Count == 0 ? 0 : Latencies[(int)Math.Min(Latencies.Count - 1, Latencies.Count * quantile)];
        }
    }
}
