using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// Installs the cluster's traffic workloads (<see cref="ClusterTraffic.Workloads"/>: the ingress controller, the demo app)
/// once its nodes have registered Ready, as a platform team would on a fresh cluster: pods created before the nodes exist
/// would all land on the first zone to come up, and topology spreading never moves a running pod. Installs anyway after
/// <see cref="NodeWait"/>, so that a zone dark from the start does not hold the rest back.
/// </summary>
public sealed class WorkloadBootstrap(ControllerContext context) : IClusterController
{
    public static readonly TimeSpan NodeWait = TimeSpan.FromMinutes(1);

    public string Name => "traffic-workloads";

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var workloads = cluster.Traffic.TakeWorkloads();
        if (workloads.Count == 0) return;
        var nodes = context.Informers.Nodes;
        await nodes.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
        var allReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = cluster.Nodes.Count(a => a.IsHeartbeating);
        nodes.AddHandler(InformerHandler<V1Node>.OnAnyChange(_ =>
        {
            if (nodes.List().Count(n => IsReady(n.Model)) >= expected) allReady.TrySetResult();
        }));
        try
        {
            await allReady.Task.WaitAsync(NodeWait, context.Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        try
        {
            EmbeddedManifests.Apply(cluster, workloads);
        }
        catch (Exception e) when (e is ApiException or InvalidOperationException)
        {
            cluster.ReportControllerFailure(Name, "install", e);
        }
    }

    private static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
