using Docker.DotNet;
using DotNet.Testcontainers.Configurations;

namespace ChaosHarness.Containers;

/// <summary>
/// The Docker engine the container regions run on, through the Docker API (the same endpoint Testcontainers uses).
/// Debian's engine speaks API 1.41 at most, so the client asks for that version.
/// </summary>
public static class DockerEngine
{
    public static Version ApiVersion { get; } = new(1, 41);

    /// <summary>The label every container and network of the harness carries, so that leftovers can be swept.</summary>
    public const string Label = "io.chaosharness.region";

    public static IDockerClient CreateClient()
        => TestcontainersSettings.OS.DockerEndpointAuthConfig.GetDockerClientBuilder().WithApiVersion(ApiVersion).Build();

    /// <summary>Throws <see cref="DockerUnavailableException"/> naming why when no engine answers.</summary>
    public static async Task EnsureAvailableAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = CreateClient();
            await client.System.PingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DockerUnavailableException(
                $"No Docker engine answers ({e.GetType().Name}: {e.Message}). Install and start one (scripts/start-docker.sh does both on Debian).", e);
        }
    }
}
