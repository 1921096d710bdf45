using System.Globalization;
using Testcontainers.K3s;

namespace ChaosHarness.Containers;

/// <summary>
/// A disposable real cluster as a fleet: k3s in a container (Testcontainers.K3s), with a fleet file and kubeconfig the
/// harness loads like any staging fleet. Needs the k3s image locally or a reachable registry, and privileged containers.
/// </summary>
public sealed class K3sFleetSource : IAsyncDisposable
{
    public const string DefaultImage = "rancher/k3s:v1.26.2-k3s1";

    private readonly K3sContainer _container;

    private K3sFleetSource(K3sContainer container, string directory, string fleetFilePath)
    {
        _container = container;
        Directory = directory;
        FleetFilePath = fleetFilePath;
    }

    public string Directory { get; }

    public string FleetFilePath { get; }

    public string ClusterName => "k3s";

    /// <summary>Starts k3s and writes <c>fleet.yaml</c> + <c>kubeconfig</c> into <paramref name="directory"/>.</summary>
    public static async Task<K3sFleetSource> StartAsync(string directory, IReadOnlyList<string> allowedNamespaces, string image = DefaultImage, CancellationToken cancellationToken = default)
    {
        await DockerEngine.EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
        var container = new K3sBuilder(image).WithLabel(DockerEngine.Label, "k3s").Build();
        try
        {
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            System.IO.Directory.CreateDirectory(directory);
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            await File.WriteAllTextAsync(kubeconfig, await container.GetKubeconfigAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var fleetFile = Path.Combine(directory, "fleet.yaml");
            await File.WriteAllTextAsync(fleetFile, string.Create(CultureInfo.InvariantCulture, $"""
                name: k3s
                kubeconfig: kubeconfig
                allowedNamespaces: [{string.Join(", ", allowedNamespaces)}]
                clusters:
                  - name: k3s
                    context: default
                    region: local
                    zones: [local-a]
                    provider: kubernetes
                """), cancellationToken).ConfigureAwait(false);
            return new K3sFleetSource(container, directory, fleetFile);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Whether the image is in the local image store (no registry is needed to start it).</summary>
    public static async Task<bool> ImagePresentAsync(string image = DefaultImage, CancellationToken cancellationToken = default)
    {
        using var docker = DockerEngine.CreateClient();
        var images = await docker.Images.ListImagesAsync(new() { All = false }, cancellationToken).ConfigureAwait(false);
        return images.Any(i => i.RepoTags?.Contains(image) == true);
    }

    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
