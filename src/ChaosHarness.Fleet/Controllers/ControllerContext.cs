using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>What every control loop of one cluster shares: the cluster, its clock, its informers, and clients per identity.</summary>
public sealed class ControllerContext
{
    public ControllerContext(SimulatedCluster cluster)
    {
        Cluster = cluster;
        Informers = new SharedInformers(cluster);
    }

    public SimulatedCluster Cluster { get; }
    public TimeProvider Clock => Cluster.Clock;
    public SharedInformers Informers { get; }

    public ClusterClient ClientFor(ApiCaller caller) => new(Cluster.Api, Cluster.Clock, caller);

    /// <summary>A kube-controller-manager controller's client: its own service account in kube-system.</summary>
    public ClusterClient ServiceAccountClient(string name) => ClientFor(ApiCaller.ServiceAccount("kube-system", name));

    /// <summary>How often level-triggered controllers look at every object again, whether or not it changed.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromMinutes(5);

    /// <summary>Calls <paramref name="resync"/> every <see cref="ResyncPeriod"/> of fleet time until cancelled.</summary>
    public async Task ResyncAsync(Action resync, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ResyncPeriod, Clock, cancellationToken).ConfigureAwait(false);
                resync();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A work queue on the fleet clock whose failures are reported as <paramref name="controller"/>'s.</summary>
    public WorkQueue<TKey> NewQueue<TKey>(string controller) where TKey : notnull
    {
        var queue = new WorkQueue<TKey>(Clock);
        queue.Failed += (key, error) => Cluster.ReportControllerFailure(controller, key, error);
        return queue;
    }
}
