using System.Collections;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>The machines of one cluster, one per node of its topology, by node name. Zone-wide physics go through
/// <see cref="FleetInfrastructure"/>; single machines through their own switches.</summary>
public sealed class NodeAgents : IReadOnlyCollection<NodeAgent>
{
    private readonly Dictionary<string, NodeAgent> _byName;
    private readonly List<NodeAgent> _all;

    public NodeAgents(ClusterTopology topology, Func<FleetInfrastructure> infrastructure)
    {
        _all = [.. topology.Nodes().Select((node, index) => new NodeAgent(node.NodeName, node.Zone, index, infrastructure))];
        _byName = _all.ToDictionary(a => a.NodeName, StringComparer.Ordinal);
    }

    public NodeAgent this[string nodeName] =>
        _byName.GetValueOrDefault(nodeName) ?? throw new KeyNotFoundException($"The cluster has no node named '{nodeName}'.");

    public int Count => _all.Count;

    public IEnumerable<NodeAgent> InZone(string zone) => _all.Where(a => a.Zone == zone);

    /// <summary>Every machine takes in a change of the infrastructure and tells its kubelet.</summary>
    public void InfrastructureChanged()
    {
        foreach (var agent in _all) agent.Refresh();
        foreach (var agent in _all) agent.RaiseChanged();
    }

    public IEnumerator<NodeAgent> GetEnumerator() => _all.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
