using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Physics;

/// <summary>A Deployment a physics test created, and what its pods look like now.</summary>
internal sealed record StoredDeployment(SimulatedCluster Cluster, string Namespace, string Name, int Replicas)
{
    public IReadOnlyList<V1Pod> LivePods() =>
        [.. PhysicsFleet.Pods(Cluster, Namespace).Where(p => p.Metadata.Labels?["app"] == Name && p.Metadata.DeletionTimestamp is null)];

    public IReadOnlyList<V1Pod> ReadyPods() =>
        [.. LivePods().Where(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)];

    /// <summary>The zone of each ready pod's node.</summary>
    public IReadOnlyList<string> ReadyZones()
    {
        var zones = PhysicsFleet.Nodes(Cluster).ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels["topology.kubernetes.io/zone"]);
        return [.. ReadyPods().Select(p => zones[p.Spec.NodeName])];
    }
}
