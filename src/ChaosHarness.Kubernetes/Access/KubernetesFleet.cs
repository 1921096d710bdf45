using System.Collections.Concurrent;
using ChaosHarness.Core.Fleets;
using k8s;
using k8s.Exceptions;

namespace ChaosHarness.Kube.Access;

/// <summary>
/// The fleet's clusters as Kubernetes APIs, one <see cref="ClusterConnection"/> per cluster, created on first use.
/// Only clusters named in the fleet can be reached: the allow-list holds before any request.
/// </summary>
public sealed class KubernetesFleet(Fleet fleet, KubernetesFleetOptions? options = null) : IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ClusterConnection>> _connections = new(StringComparer.Ordinal);

    public Fleet Fleet { get; } = fleet;

    public KubernetesFleetOptions Options { get; } = options ?? new KubernetesFleetOptions();

    public RequestLedger Ledger { get; } = new();

    /// <summary>The clusters this run's own faults took away: their requests fail fast, the rest of the fleet carries on.</summary>
    public ClusterReachability Reachability { get; } = new();

    /// <summary>What this process wrote through <see cref="KubernetesRest"/>, for read-your-writes waits.</summary>
    public WriteLog Writes { get; } = new();

    public ClusterConnection this[string cluster] => Connect(cluster);

    public ClusterConnection Connect(string cluster)
    {
        var target = Fleet.Cluster(cluster);
        return _connections.GetOrAdd(target.Name, _ => new Lazy<ClusterConnection>(() => Create(target))).Value;
    }

    public ClusterConnection ConnectContext(string context) => Connect(Fleet.ClusterForContext(context).Name);

    private ClusterConnection Create(ClusterTarget target)
    {
        var config = Configuration(target);
        var resilience = new KubernetesResilienceHandler(target.Name, target.Context, new Uri(config.Host), Fleet.Clock, Options.Resilience ?? KubernetesResilienceOptions.ForSpeed(Fleet.Speed));
        var handlers = new List<DelegatingHandler> { new LostClusterHandler(target.Name, new Uri(config.Host), Reachability) };
        if (Options.DryRun)
        {
            handlers.Add(new DryRunGuardHandler(target.Name));
        }

        handlers.Add(resilience);
        handlers.Add(new RequestLedgerHandler(target.Name, Ledger, Fleet.Clock));
        if (Options.Transport?.Invoke(target) is { } transport)
        {
            handlers.Add(transport);
        }

        return new ClusterConnection(target, new k8s.Kubernetes(config, [.. handlers]), resilience, Writes);
    }

    private KubernetesClientConfiguration Configuration(ClusterTarget target)
    {
        if (Options.Configuration is { } configure)
        {
            return configure(target);
        }

        var kubeconfig = Fleet.KubeconfigPath ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
        if (!File.Exists(kubeconfig))
        {
            if (target.ApiUrl is not null && Fleet.KubeconfigPath is null)
            {
                return new KubernetesClientConfiguration { Host = target.ApiUrl.ToString() };
            }

            throw new ClusterConfigurationException($"Cluster '{target.Name}': kubeconfig '{kubeconfig}' does not exist.");
        }

        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, currentContext: target.Context);
            config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
            return config;
        }
        catch (KubeConfigException e)
        {
            throw new ClusterConfigurationException($"Cluster '{target.Name}': context '{target.Context}' cannot be used from kubeconfig '{kubeconfig}': {e.Message}", e);
        }
    }

    public void Dispose()
    {
        foreach (var connection in _connections.Values.Where(c => c.IsValueCreated))
        {
            connection.Value.Dispose();
        }

        _connections.Clear();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
