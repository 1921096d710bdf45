using System.Collections.Concurrent;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// The nodes as one scheduling cycle sees them, in name order, with each node's topology domain per key worked out once:
/// rebuilt only when a node changes, shared by every pod scheduled in between.
/// </summary>
internal sealed class NodeSnapshot
{
    private readonly Dictionary<string, int> _indexOf;
    private readonly ConcurrentDictionary<string, TopologyDomains> _domains = new(StringComparer.Ordinal);

    public NodeSnapshot(List<SchedulingNode> nodes)
    {
        Nodes = nodes;
        _indexOf = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++) _indexOf[nodes[i].Name] = i;
    }

    public List<SchedulingNode> Nodes { get; }

    public int Count => Nodes.Count;

    /// <summary>The node's position in <see cref="Nodes"/>, or -1 for a node this snapshot does not know.</summary>
    public int IndexOf(string node) => _indexOf.TryGetValue(node, out var index) ? index : -1;

    public TopologyDomains Domains(string topologyKey) => _domains.GetOrAdd(topologyKey, key => new TopologyDomains(Nodes, key));
}
