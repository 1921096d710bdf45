using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using ChaosHarness.Core.Clock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The fleet's front door as real HTTP on 127.0.0.1: every request, whatever its path, goes through the global load
/// balancer to a pod and comes back with that pod's status, the <see cref="TrafficHeaders"/>, and the reason as its body.
/// The answer is held back for the request's latency on the fleet clock when that is at least a millisecond of wall time
/// (a region's timeout, a slow version); shorter latencies are reported in <see cref="TrafficHeaders.LatencyMilliseconds"/>
/// only, as no timer could honour them.
/// </summary>
public sealed class TrafficEndpoint : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShortestWallWait = TimeSpan.FromMilliseconds(1);

    private readonly WebApplication _app;
    private readonly GlobalLoadBalancer _loadBalancer;
    private readonly TimeProvider _clock;
    private readonly SeededStream _stream;
    private readonly ConcurrentDictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private long _served;
    private int _disposed;

    private TrafficEndpoint(WebApplication app, GlobalLoadBalancer loadBalancer, TimeProvider clock, SeededStream stream)
    {
        _app = app;
        _loadBalancer = loadBalancer;
        _clock = clock;
        _stream = stream;
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>Requests answered since the endpoint started.</summary>
    public long Served => Interlocked.Read(ref _served);

    public static async Task<TrafficEndpoint> StartAsync(GlobalLoadBalancer loadBalancer, TimeProvider clock, SeededStream stream,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(TrafficEndpoint).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        var app = builder.Build();
        var endpoint = new TrafficEndpoint(app, loadBalancer, clock, stream);
        app.Run(endpoint.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        endpoint.Url = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return endpoint;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var dice = _stream.Next();
        var outcome = _loadBalancer.Route(ref dice);
        var wait = WallTimeOf(outcome.Latency);
        if (wait >= ShortestWallWait)
        {
            try
            {
                await Task.Delay(outcome.Latency, _clock, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var response = context.Response;
        response.StatusCode = outcome.Status;
        var headers = response.Headers;
        if (outcome.Region is { } region) headers[TrafficHeaders.Region] = region;
        if (outcome.Cluster is { } cluster) headers[TrafficHeaders.Cluster] = cluster;
        if (outcome.Zone is { } zone) headers[TrafficHeaders.Zone] = zone;
        if (outcome.Version is { } version) headers[TrafficHeaders.Version] = version;
        if (outcome.PodTemplateHash is { } hash) headers[TrafficHeaders.PodTemplateHash] = hash;
        if (outcome.Pod is { } pod) headers[TrafficHeaders.Pod] = pod;
        headers[TrafficHeaders.LatencyMilliseconds] = ((long)outcome.Latency.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var body = _bodies.GetOrAdd(outcome.Reason, static reason => Encoding.UTF8.GetBytes(reason + "\n"));
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        Interlocked.Increment(ref _served);
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private TimeSpan WallTimeOf(TimeSpan fleetSpan) => _clock switch
    {
        AcceleratedTimeProvider accelerated => accelerated.ToWall(fleetSpan),
        _ when ReferenceEquals(_clock, TimeProvider.System) => fleetSpan,
        // A clock stepped by hand (a test's) would never let the wait end.
        _ => TimeSpan.Zero,
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
