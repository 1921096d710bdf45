using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Controllers.Leadership;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Rollouts.Analysis;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The argo-rollouts process of one cluster: its rollout and analysis controllers, run only while a working pod of the
/// <c>argo-rollouts</c> Deployment leads (see <see cref="LeaderElectedLoop"/>), every API call made as the
/// <c>argo-rollouts</c> service account. Analysis reads the cluster's traffic through <see cref="SimulatedCluster.TrafficMetrics"/>.
/// </summary>
public sealed class ArgoRolloutsController : IClusterController
{
    public ArgoRolloutsController(ControllerContext context)
    {
        var cluster = context.Cluster;
        var client = new RolloutsClient(context.ClientFor(ArgoRolloutsInstall.Workload.Identity), cluster.Defects);
        var runtime = new RolloutsRuntime(context, client);
        var rollouts = new RolloutController(runtime);
        var analysis = new AnalysisRunController(runtime, () => cluster.TrafficMetrics);
        Leadership = new LeaderElectedLoop(context, ArgoRolloutsInstall.Workload, Name,
            (_, cancellationToken) => Task.WhenAll(rollouts.RunAsync(cancellationToken), analysis.RunAsync(cancellationToken)));
    }

    public string Name => "argo-rollouts";

    /// <summary>Which pod leads right now, and when that changes.</summary>
    public LeaderElectedLoop Leadership { get; }

    public Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken) => Leadership.RunAsync(cluster, cancellationToken);
}
