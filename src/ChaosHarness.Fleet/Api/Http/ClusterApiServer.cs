using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>The Kubernetes REST API of one simulated cluster, served by Kestrel on 127.0.0.1.</summary>
public sealed class ClusterApiServer : IAsyncDisposable
{
    private ClusterApiServer(Uri url) => Url = url;

    public Uri Url { get; }

    public static Task<ClusterApiServer> StartAsync(SimulatedCluster cluster, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The HTTP front end is being built.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
