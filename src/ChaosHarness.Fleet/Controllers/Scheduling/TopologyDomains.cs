namespace ChaosHarness.Fleet.Controllers.Scheduling;

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
