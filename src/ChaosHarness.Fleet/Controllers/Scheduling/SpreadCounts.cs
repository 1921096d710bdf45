using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// For one constraint and one pod being scheduled: how many matching pods each topology domain holds, over the nodes the
/// constraint counts (those the pod's node affinity accepts, and untainted ones when taints are honoured).
/// </summary>
internal sealed class SpreadCounts
{
    private readonly Dictionary<string, int> _byDomain = new(StringComparer.Ordinal);

    /// <param name="affinityAccepts">Per node (same order as <paramref name="nodes"/>): the pod's required node affinity accepts it.</param>
    public SpreadCounts(SpreadConstraint constraint, V1Pod pod, IReadOnlyList<SchedulingNode> nodes, bool[] affinityAccepts,
        IEnumerable<Placement> matching)
    {
        Constraint = constraint;
        var selector = constraint.Matcher;
        SelfMatch = selector.Matches(pod.Metadata.LabelsOrEmpty()) ? 1 : 0;
        var domainOfNode = new Dictionary<string, string>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Label(constraint.TopologyKey) is not { } domain) continue;
            if (constraint.HonorNodeAffinity && !affinityAccepts[i]) continue;
            if (constraint.HonorNodeTaints && Tolerations.FirstUntolerated(node.Node.Spec?.Taints, pod.Spec?.Tolerations, "NoSchedule", "NoExecute") is not null) continue;
            domainOfNode[node.Name] = domain;
            _byDomain.TryAdd(domain, 0);
        }

        foreach (var placement in matching)
        {
            if (placement.Terminating || !domainOfNode.TryGetValue(placement.Node, out var domain)) continue;
            if (!selector.Matches(placement.Labels)) continue;
            _byDomain[domain]++;
        }

        MinMatch = _byDomain.Count < constraint.MinDomains || _byDomain.Count == 0 ? 0 : _byDomain.Values.Min();
        NormalizingWeight = Math.Log(_byDomain.Count + 2);
    }

    public SpreadConstraint Constraint { get; }
    public int SelfMatch { get; }
    public int MinMatch { get; }
    public double NormalizingWeight { get; }

    public int CountIn(string domain) => _byDomain.GetValueOrDefault(domain);

    /// <summary>The skew placing the pod on <paramref name="node"/> would cause; null when the node lacks the topology label.</summary>
    public int? SkewOn(SchedulingNode node) =>
        node.Label(Constraint.TopologyKey) is { } domain ? CountIn(domain) + SelfMatch - MinMatch : null;

    /// <summary>PodTopologySpread's raw score for a node (lower is better before normalisation).</summary>
    public double RawScore(SchedulingNode node) =>
        node.Label(Constraint.TopologyKey) is { } domain ? CountIn(domain) * NormalizingWeight + (Constraint.MaxSkew - 1) : 0;
}
