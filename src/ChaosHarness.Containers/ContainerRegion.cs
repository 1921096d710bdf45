using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;

namespace ChaosHarness.Containers;

/// <summary>
/// One region of the embedded fleet running in its own container, on its own Docker network. The host reaches its API
/// servers and control API through published ports; <see cref="FleetFilePath"/> is a fleet.json for this machine, so the
/// harness connects to it as to any embedded fleet. Losing the region is then a network cut or a freeze of the container
/// (<see cref="RegionNetworkCut"/>, <see cref="RegionFreeze"/>), not a flag. Disposing stops it and removes its network.
/// </summary>
public sealed partial class ContainerRegion : IAsyncDisposable
{
    internal const string ContainerStateDirectory = "/var/lib/chaos/fleet";

    /// <summary>The host name a client on this machine uses: the API servers' certificates name the loopback address.</summary>
    private const string Host = "127.0.0.1";

    private readonly IContainer _container;
    private readonly INetwork _network;
    private readonly bool _ownsStateDirectory;

    private ContainerRegion(string region, IContainer container, INetwork network, string stateDirectory, bool ownsStateDirectory, IReadOnlyList<string> clusters, Uri controlUrl)
    {
        Region = region;
        _container = container;
        _network = network;
        StateDirectory = stateDirectory;
        _ownsStateDirectory = ownsStateDirectory;
        Clusters = clusters;
        ControlUrl = controlUrl;
    }

    public string Region { get; }

    /// <summary>The clusters of the region, as named in the fleet file.</summary>
    public IReadOnlyList<string> Clusters { get; }

    public string ContainerId => _container.Id;

    public string ContainerName => _container.Name.TrimStart('/');

    public string NetworkName => _network.Name;

    /// <summary>The name peers on the region's network reach the region by.</summary>
    public string NetworkAlias => Region;

    public Uri ControlUrl { get; }

    public string StateDirectory { get; }

    public string FleetFilePath => Path.Combine(StateDirectory, "fleet.json");

    public string KubeconfigPath => Path.Combine(StateDirectory, "kubeconfig");

    internal static async Task<ContainerRegion> AttachAsync(string region, IContainer container, INetwork network, string stateDirectory, bool ownsState, CancellationToken cancellationToken)
    {
        string Published(int port) => $"{Host}:{container.GetMappedPublicPort(port).ToString(CultureInfo.InvariantCulture)}";
        string Rewrite(string text) => LoopbackAddress().Replace(text, m =>
        {
            var port = int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture);
            return port == RegionPorts.Control || RegionPorts.ApiPorts.Contains(port)
                ? $"{m.Groups["scheme"].Value}://{Published(port)}"
                : throw new InvalidOperationException($"Region {region} listens on port {port}, which is not published.");
        });

        var kubeconfig = Encoding.UTF8.GetString(await container.ReadFileAsync($"{ContainerStateDirectory}/kubeconfig", cancellationToken).ConfigureAwait(false));
        var fleet = JsonNode.Parse(await container.ReadFileAsync($"{ContainerStateDirectory}/fleet.json", cancellationToken).ConfigureAwait(false))!.AsObject();

        // The traffic endpoint and load balancer stay inside the container (docs/containers.md): not reachable from here.
        fleet.Remove("trafficUrl");
        fleet["processId"] = null;
        var clusters = fleet["clusters"]!.AsArray().Select(c => c!.AsObject()).ToList();
        if (clusters.Count > RegionPorts.MaxClusters)
        {
            throw new InvalidOperationException($"Region {region} has {clusters.Count} clusters; a container region publishes at most {RegionPorts.MaxClusters}.");
        }

        foreach (var cluster in clusters)
        {
            cluster["apiUrl"] = Rewrite(cluster["apiUrl"]!.GetValue<string>());
        }

        fleet["controlUrl"] = Rewrite(fleet["controlUrl"]!.GetValue<string>());
        Directory.CreateDirectory(stateDirectory);
        await File.WriteAllTextAsync(Path.Combine(stateDirectory, "kubeconfig"), Rewrite(kubeconfig), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(stateDirectory, "fleet.json"), fleet.ToJsonString(new() { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        return new ContainerRegion(region, container, network, stateDirectory, ownsState, [.. clusters.Select(c => c["name"]!.GetValue<string>())], new Uri(fleet["controlUrl"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        // A region left frozen or cut by a run that failed to revert must still stop and free its network.
        using (var docker = DockerEngine.CreateClient())
        {
            var inspected = await docker.Containers.InspectContainerAsync(ContainerId).ConfigureAwait(false);
            if (inspected.State?.Paused == true)
            {
                await docker.Containers.UnpauseContainerAsync(ContainerId).ConfigureAwait(false);
            }
        }

        await _container.DisposeAsync().ConfigureAwait(false);
        await _network.DisposeAsync().ConfigureAwait(false);
        if (_ownsStateDirectory)
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    [GeneratedRegex(@"(?<scheme>https?)://(127\.0\.0\.1|0\.0\.0\.0|localhost):(?<port>\d+)")]
    private static partial Regex LoopbackAddress();
}
