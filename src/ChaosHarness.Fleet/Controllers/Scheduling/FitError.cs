namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// Why no node fits a pod, worded as kube-scheduler 1.31 words it (FitError plus the preemption plugin's note):
/// "0/12 nodes are available: 4 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 8 Insufficient cpu.
/// preemption: 0/12 nodes are available: 4 Preemption is not helpful for scheduling, 8 No preemption victims found for incoming pod."
/// </summary>
public sealed class FitError
{
    private readonly int _nodes;
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);
    private int _unresolvable;

    public FitError(int nodes) => _nodes = nodes;

    /// <summary>Records why one node was filtered out; unresolvable reasons are ones preemption cannot fix.</summary>
    public void Add(NodeRejection rejection)
    {
        foreach (var reason in rejection.Reasons) _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
        if (rejection.PreemptionCannotHelp) _unresolvable++;
    }

    public string Message
    {
        get
        {
            if (_nodes == 0) return "no nodes available to schedule pods";
            var histogram = _reasons.Select(p => $"{p.Value} {p.Key}").Order(StringComparer.Ordinal);
            var preemption = new List<string>();
            if (_unresolvable > 0) preemption.Add($"{_unresolvable} Preemption is not helpful for scheduling");
            if (_nodes - _unresolvable > 0) preemption.Add($"{_nodes - _unresolvable} No preemption victims found for incoming pod");
            return $"0/{_nodes} nodes are available: {string.Join(", ", histogram)}. " +
                   $"preemption: 0/{_nodes} nodes are available: {string.Join(", ", preemption.Order(StringComparer.Ordinal))}.";
        }
    }
}
