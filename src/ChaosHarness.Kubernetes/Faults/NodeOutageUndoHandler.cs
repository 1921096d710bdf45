using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>Brings back a node a zone outage took out: removes this run's taint, uncordons only if this run cordoned it.</summary>
public sealed class NodeOutageUndoHandler(KubernetesFleet fleet) : IUndoHandler
{
    public const string UndoKind = "kubernetes/node-outage";

    public string Kind => UndoKind;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
        => await NodeOutage.BringBackAsync(fleet.Connect(undo.Cluster), undo.RequireString("node"), run, cancellationToken).ConfigureAwait(false);
}
