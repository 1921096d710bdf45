using System.Net;
using ChaosHarness.Fleet.Physics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ChaosHarness.Fleet.Control;

/// <summary>
/// The fleet's control API (<see cref="FleetControlHandler"/>) served by Kestrel over plain HTTP on 127.0.0.1 at a free
/// port: a local control channel for the harness, not a Kubernetes endpoint. Its URL is <c>controlUrl</c> in fleet.json.
/// </summary>
public sealed class FleetControlServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private int _disposed;

    private FleetControlServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static Task<FleetControlServer> StartAsync(FleetPhysics physics, CancellationToken cancellationToken)
        => StartAsync(physics, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);

    public static async Task<FleetControlServer> StartAsync(FleetPhysics physics, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(FleetControlServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endPoint, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(new FleetControlHandler(physics).HandleAsync);
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
        return new FleetControlServer(app, Hosting.FleetListen.Reachable(address));
    }

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
