using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// The scheduler's running account of what each node holds: every pod bound to it (terminating ones too, until they are
/// gone) and every pod the scheduler has just bound but not yet seen back (assumed), with their requests and labels.
/// Kept up to date from pod events, so that a scheduling decision never scans all pods.
/// </summary>
internal sealed class NodeUsage
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, Placement> _placements = [];
    private readonly Dictionary<string, NodeTotals> _totals = new(StringComparer.Ordinal);

    public void Place(ObjectKey pod, Placement placement)
    {
        lock (_gate)
        {
            if (_placements.TryGetValue(pod, out var before)) Subtract(before);
            _placements[pod] = placement;
            if (!_totals.TryGetValue(placement.Node, out var totals)) _totals[placement.Node] = totals = new NodeTotals();
            totals.Requests += placement.Requests;
            totals.NonZeroRequests += placement.NonZeroRequests;
            totals.Pods++;
        }
    }

    public void Remove(ObjectKey pod)
    {
        lock (_gate)
        {
            if (_placements.Remove(pod, out var before)) Subtract(before);
        }
    }

    public Placement? PlacementOf(ObjectKey pod)
    {
        lock (_gate) return _placements.GetValueOrDefault(pod);
    }

    public (PodRequests Requests, PodRequests NonZero, int Pods) TotalsOf(string node)
    {
        lock (_gate)
        {
            return _totals.TryGetValue(node, out var totals) ? (totals.Requests, totals.NonZeroRequests, totals.Pods) : (default, default, 0);
        }
    }

    /// <summary>Every node's totals at once, for one scheduling cycle.</summary>
    public Dictionary<string, (PodRequests Requests, PodRequests NonZero, int Pods)> Snapshot()
    {
        lock (_gate) return _totals.ToDictionary(t => t.Key, t => (t.Value.Requests, t.Value.NonZeroRequests, t.Value.Pods), StringComparer.Ordinal);
    }

    private void Subtract(Placement placement)
    {
        if (!_totals.TryGetValue(placement.Node, out var totals)) return;
        totals.Requests -= placement.Requests;
        totals.NonZeroRequests -= placement.NonZeroRequests;
        totals.Pods--;
        if (totals.Pods == 0) _totals.Remove(placement.Node);
    }

    private sealed class NodeTotals
    {
        public PodRequests Requests { get; set; }
        public PodRequests NonZeroRequests { get; set; }
        public int Pods { get; set; }
    }
}
