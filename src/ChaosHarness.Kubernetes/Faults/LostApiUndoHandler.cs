using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// Ends a region outage's "this cluster's API is unreachable" for the run's own calls. The mark lives in the process
/// that made it, so for a crashed run there is nothing left to undo: idempotent and harmless from any process.
/// </summary>
public sealed class LostApiUndoHandler(KubernetesFleet fleet) : IUndoHandler
{
    public const string UndoKind = "harness/cluster-api-lost";

    public string Kind => UndoKind;

    public ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        fleet.Reachability.MarkReachable(undo.Cluster, run.Value);
        return ValueTask.CompletedTask;
    }
}
