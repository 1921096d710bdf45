using System.Diagnostics;
using System.Net;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// The traffic endpoint of the default embedded fleet (three regions, the demo app and ingress controller in each, the
/// background load running) under concurrent HTTP clients on loopback: requests per second, their wall latency, and whether
/// the fleet clock keeps its factor meanwhile (fleet-time timers delivered per wall second).
/// </summary>
public sealed class TrafficEndpointBenchmark : IBenchmark
{
    private const int Clients = 32;
    private const double Speed = 60;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    public string Name => "traffic-endpoint";

    public string Goal => "≥ 5,000 requests/s on 2 cores, clock factor held";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        await using var fleet = await EmbeddedFleet.StartAsync(new FleetOptions { Speed = Speed }, cancellationToken);
        await UntilServingAsync(fleet, cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = fleet.Traffic.Url };

        await HammerAsync(http, Warmup, cancellationToken);
        var loadBefore = fleet.Traffic.LoadGenerator.Sent;
        using var ticking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ticks = CountFleetSecondsAsync(fleet.Clock, ticking.Token);
        var stopwatch = Stopwatch.StartNew();
        var result = await HammerAsync(http, Measure, cancellationToken);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await ticking.CancelAsync();
        var fleetSeconds = await ticks;
        var loadRequests = fleet.Traffic.LoadGenerator.Sent - loadBefore;
        result.Latencies.Sort();

        return
        [
            new Figure($"HTTP requests answered, {Clients} concurrent clients", result.Count / seconds, "requests/s"),
            new Figure("answered 200", 100.0 * result.Ok / Math.Max(1, result.Count), "%"),
            new Figure("wall latency p50", result.Latencies[result.Latencies.Count / 2], "ms"),
            new Figure("wall latency p99", result.Latencies[(int)(result.Latencies.Count * 0.99)], "ms"),
            new Figure("nominal clock factor", Speed, "×"),
            new Figure("clock factor held (fleet-second timers delivered per wall second)", fleetSeconds / seconds, "×"),
            new Figure("background load routed meanwhile", loadRequests / seconds, "requests/s (wall)"),
        ];
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

    /// <summary>Counts one-second fleet timers awaited back to back: at a held factor, Speed of them per wall second.</summary>
    private static async Task<double> CountFleetSecondsAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        var count = 0;
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
                count++;
            }
        }
        catch (OperationCanceledException)
        {
            return count;
        }
    }

    private static async Task<Tally> HammerAsync(HttpClient http, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var (count, ok) = (0, 0);
            while (Stopwatch.GetTimestamp() < until)
            {
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
    }
}
