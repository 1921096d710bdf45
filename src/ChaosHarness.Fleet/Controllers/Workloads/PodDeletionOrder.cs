using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>
/// Which pods a ReplicaSet gives up first when it scales down (ActivePodsWithRanks): unscheduled before scheduled, pending
/// before running, not ready before ready, lower pod-deletion-cost first, pods doubled up on a node before lone ones, ready
/// for less time, restarted more, newer.
/// </summary>
internal sealed class PodDeletionOrder(IReadOnlyDictionary<string, int> podsPerNode, DateTimeOffset now) : IComparer<V1Pod>
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public int Compare(V1Pod? x, V1Pod? y)
    {
        if (x is null || y is null) return 0;
        int c;
        if ((c = PodFacts.IsScheduled(x).CompareTo(PodFacts.IsScheduled(y))) != 0) return c;
        if ((c = PhaseRank(x).CompareTo(PhaseRank(y))) != 0) return c;
        if ((c = PodFacts.IsReady(x).CompareTo(PodFacts.IsReady(y))) != 0) return c;
        if ((c = DeletionCost(x).CompareTo(DeletionCost(y))) != 0) return c;
        if ((c = Colocated(y).CompareTo(Colocated(x))) != 0) return c;
        if (PodFacts.IsReady(x) && PodFacts.IsReady(y) && (c = ReadySince(y).CompareTo(ReadySince(x))) != 0) return c;
        if ((c = Restarts(y).CompareTo(Restarts(x))) != 0) return c;
        return (y.Metadata.CreationTimestamp ?? now.UtcDateTime).CompareTo(x.Metadata.CreationTimestamp ?? now.UtcDateTime);
    }

    private static int PhaseRank(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(V1Pod pod) =>
        int.TryParse(pod.Metadata.Annotation(DeletionCostAnnotation), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private int Colocated(V1Pod pod) => pod.Spec?.NodeName is { Length: > 0 } node ? podsPerNode.GetValueOrDefault(node) : 0;

    private DateTime ReadySince(V1Pod pod) => PodFacts.ReadyCondition(pod)?.LastTransitionTime ?? now.UtcDateTime;

    private static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Sum(c => c.RestartCount) ?? 0;
}
