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

/// <summary>The values one topology key takes over the nodes: each node's domain as a number, -1 where the label is missing.</summary>
internal sealed class TopologyDomains
{
    public TopologyDomains(List<SchedulingNode> nodes, string topologyKey)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        OfNode = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Label(topologyKey) is not { } value)
            {
                OfNode[i] = -1;
                continue;
            }

            if (!numbers.TryGetValue(value, out var number)) numbers[value] = number = numbers.Count;
            OfNode[i] = number;
        }

        Count = numbers.Count;
    }

    public int[] OfNode { get; }

    public int Count { get; }
}
