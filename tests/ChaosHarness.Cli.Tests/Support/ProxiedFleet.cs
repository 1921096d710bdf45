using System.Text;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>
/// A fleet.json and kubeconfig for a running embedded fleet whose API servers are reached only through
/// <see cref="RecordingApiProxy"/>s: hand it to chaos and read afterwards every request the clusters received.
/// </summary>
internal sealed class ProxiedFleet : IAsyncDisposable
{
    private readonly IReadOnlyList<RecordingApiProxy> _proxies;

    private ProxiedFleet(string fleetFile, IReadOnlyList<RecordingApiProxy> proxies)
    {
        FleetFile = fleetFile;
        _proxies = proxies;
    }

    public string FleetFile { get; }

    public IReadOnlyList<(string Method, string Path)> Requests => [.. _proxies.SelectMany(p => p.Requests)];

    public static async Task<ProxiedFleet> StartAsync(EmbeddedFleet fleet, string directory)
    {
        Directory.CreateDirectory(directory);
        var proxies = new List<RecordingApiProxy>();
        foreach (var cluster in fleet.Clusters)
        {
            proxies.Add(await RecordingApiProxy.StartAsync(cluster.ApiUrl!));
        }

        var kubeconfig = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var (cluster, proxy) in fleet.Clusters.Zip(proxies))
        {
            kubeconfig.Append($"- name: {cluster.Name}\n  cluster:\n    server: {proxy.Url.ToString().TrimEnd('/')}\n");
        }

        kubeconfig.Append("users:\n");
        foreach (var cluster in fleet.Clusters)
        {
            kubeconfig.Append($"- name: {cluster.Name}\n  user:\n    token: {cluster.AdminToken}\n");
        }

        kubeconfig.Append("contexts:\n");
        foreach (var cluster in fleet.Clusters)
        {
            kubeconfig.Append($"- name: {cluster.Name}\n  context:\n    cluster: {cluster.Name}\n    user: {cluster.Name}\n");
        }

        kubeconfig.Append($"current-context: {fleet.Clusters[0].Name}\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "kubeconfig"), kubeconfig.ToString());

        var described = fleet.Describe();
        var proxied = described with
        {
            Clusters = [.. described.Clusters.Zip(proxies, (c, p) => c with { ApiUrl = p.Url.ToString().TrimEnd('/') })],
        };
        var fleetFile = Path.Combine(directory, FleetStateFile.FileName);
        await File.WriteAllTextAsync(fleetFile, proxied.ToJson());
        return new ProxiedFleet(fleetFile, proxies);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync();
        }
    }
}
