using System.Net;
using ChaosHarness.Fleet.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// The Kubernetes REST API of one simulated cluster, served by Kestrel over HTTPS (HTTP/1.1) on 127.0.0.1 at a free port, with
/// the certificate of <see cref="LoopbackCertificateAuthority"/>.
/// Disposing it ends open watches and stops listening.
/// </summary>
public sealed class ClusterApiServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private ClusterApiServer(WebApplication app, CancellationTokenSource stopping, Uri url)
    {
        _app = app;
        _stopping = stopping;
        Url = url;
    }

    public Uri Url { get; }

    public static Task<ClusterApiServer> StartAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
        => StartAsync(cluster, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);

    public static async Task<ClusterApiServer> StartAsync(SimulatedCluster cluster, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ClusterApiServer).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + 1;
            kestrel.Listen(endPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(LoopbackCertificateAuthority.ServingCertificate);
            });
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);

        var app = builder.Build();
        var stopping = new CancellationTokenSource();
        var handler = new ApiRequestHandler(cluster, stopping.Token);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stopping.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ClusterApiServer(app, stopping, Hosting.FleetListen.Reachable(address));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(ShutdownTimeout))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
