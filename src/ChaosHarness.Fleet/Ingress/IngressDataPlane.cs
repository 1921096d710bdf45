using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// The proxy side of the cluster's ingress controller pods: keeps the cluster's <see cref="Traffic.ClusterTraffic"/> following
/// the pods, the synced routes and the physical world, through the cluster's shared informers.
/// </summary>
public sealed class IngressDataPlane(ControllerContext context) : IClusterController
{
    public string Name => "ingress-nginx-proxy";

    public Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken) =>
        cluster.Traffic.FollowAsync(context.Informers, cancellationToken);
}
