using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// For one constraint and one pod being scheduled: how many matching pods each topology domain holds, over the nodes the
/// constraint counts (those the pod's node affinity accepts, and untainted ones when taints are honoured).
/// </summary>
internal sealed class SpreadCounts
{
    private readonly int[] _domainOfNode;
    private readonly int[] _count;

    /// <param name="affinityAccepts">Per node of <paramref name="snapshot"/>: the pod's required node affinity accepts it.</param>
    public SpreadCounts(SpreadConstraint constraint, V1Pod pod, NodeSnapshot snapshot, bool[] affinityAccepts, IEnumerable<Placement> matching)
    {
        Constraint = constraint;
        SelfMatch = constraint.Matcher.Matches(pod.Metadata.LabelsOrEmpty()) ? 1 : 0;
        var domains = snapshot.Domains(constraint.TopologyKey);
        _domainOfNode = domains.OfNode;
        _count = new int[domains.Count];
        var counted = new bool[snapshot.Count];
        var eligible = new bool[domains.Count];
        for (var i = 0; i < snapshot.Count; i++)
        {
            if (_domainOfNode[i] < 0) continue;
            if (constraint.HonorNodeAffinity && !affinityAccepts[i]) continue;
            if (constraint.HonorNodeTaints &&
                Tolerations.FirstUntolerated(snapshot.Nodes[i].Node.Spec?.Taints, pod.Spec?.Tolerations, "NoSchedule", "NoExecute") is not null) continue;
            counted[i] = true;
            eligible[_domainOfNode[i]] = true;
        }

        foreach (var placement in matching)
        {
            if (placement.Terminating) continue;
            var node = snapshot.IndexOf(placement.Node);
            if (node < 0 || !counted[node] || !constraint.Matcher.Matches(placement.Labels)) continue;
            _count[_domainOfNode[node]]++;
        }

        var eligibleDomains = 0;
        var min = int.MaxValue;
        for (var d = 0; d < _count.Length; d++)
        {
            if (!eligible[d]) continue;
            eligibleDomains++;
            min = Math.Min(min, _count[d]);
        }

        MinMatch = eligibleDomains < constraint.MinDomains || eligibleDomains == 0 ? 0 : min;
        NormalizingWeight = Math.Log(eligibleDomains + 2);
    }

    public SpreadConstraint Constraint { get; }
    public int SelfMatch { get; }
    public int MinMatch { get; }
    public double NormalizingWeight { get; }

    public bool HasDomain(int node) => _domainOfNode[node] >= 0;

    /// <summary>The skew placing the pod on node <paramref name="node"/> would cause; null when the node lacks the topology label.</summary>
    public int? SkewOn(int node) => _domainOfNode[node] is var d and >= 0 ? _count[d] + SelfMatch - MinMatch : null;

    /// <summary>PodTopologySpread's raw score for a node (lower is better before normalisation).</summary>
    public double RawScore(int node) =>
        _domainOfNode[node] is var d and >= 0 ? _count[d] * NormalizingWeight + (Constraint.MaxSkew - 1) : 0;
}
