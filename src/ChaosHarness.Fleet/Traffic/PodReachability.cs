using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// Whether a pod can take part right now, as its peers see it: ready and not terminating by the API, and running on a
/// machine that has power and network (its own and its zone's). (A ready pod on a machine that just lost power is still
/// Ready in the API until the node lifecycle controller notices; it answers nothing meanwhile.)
/// </summary>
internal sealed class PodReachability(SimulatedCluster cluster)
{
    private readonly Dictionary<string, NodeAgent> _agents = cluster.Nodes.ToDictionary(a => a.NodeName, StringComparer.Ordinal);

    public IEnumerable<NodeAgent> Agents => _agents.Values;

    /// <summary>The zone the pod runs in when it is reachable; null when it is not.</summary>
    public string? ReachableZone(V1Pod pod)
    {
        if (!PodFacts.IsReady(pod) || PodFacts.IsTerminating(pod)) return null;
        if (pod.Spec?.NodeName is not { } nodeName || !_agents.TryGetValue(nodeName, out var agent)) return null;
        return agent.ContainersRun && agent.ReachesControlPlane ? agent.Zone : null;
    }
}
