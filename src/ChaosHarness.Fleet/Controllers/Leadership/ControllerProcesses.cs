using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// The pods of a controller's Deployment whose process is alive and working right now: Ready, not terminating, on a machine
/// with power in a zone that can reach the API server, running an image that reconciles. Only these compete for the lease.
/// </summary>
public sealed class ControllerProcesses
{
    private readonly ControllerContext _context;
    private readonly ControllerWorkload _workload;

    public ControllerProcesses(ControllerContext context, ControllerWorkload workload)
    {
        _context = context;
        _workload = workload;
    }

    private SimulatedCluster Cluster => _context.Cluster;

    /// <summary>The Deployment's pods, oldest first (pods created together break ties by name).</summary>
    public IReadOnlyList<V1Pod> Pods()
    {
        var informers = _context.Informers;
        if (informers.Deployments.Get(_workload.Namespace, _workload.DeploymentName) is not { } deployment) return [];
        var replicaSets = informers.ReplicaSets.ByIndex(SharedInformers.ByController, deployment.Object.Uid);
        return
        [
            .. replicaSets
                .SelectMany(rs => informers.Pods.ByIndex(SharedInformers.ByController, rs.Object.Uid))
                .Select(p => p.Model)
                .OrderBy(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue)
                .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal),
        ];
    }

    /// <summary>Names of the pods whose controller process runs and reconciles, oldest first.</summary>
    public IReadOnlyList<string> Working() => [.. Pods().Where(IsWorking).Select(p => p.Metadata.Name)];

    public bool IsWorking(V1Pod pod)
    {
        if (PodFacts.IsTerminating(pod) || !PodFacts.IsReady(pod) || pod.Spec?.Containers is not { Count: > 0 } containers) return false;
        if (!CanReachApiServer(pod.Spec.NodeName)) return false;
        return ControllerImages.Reconciles(Cluster, containers[0]);
    }

    private bool CanReachApiServer(string? nodeName)
    {
        if (string.IsNullOrEmpty(nodeName)) return false;
        var agent = Cluster.Nodes.FirstOrDefault(a => a.NodeName == nodeName);
        if (agent is null || !agent.ContainersRun) return false;
        return agent.ReachesControlPlane && !Cluster.Infrastructure.IsDark(Cluster.Region);
    }
}
