using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>Switches a zone's power back on (idempotent: a powered zone stays as it is).</summary>
public sealed class ZonePowerLossUndoHandler(EmbeddedFleetControl control) : IUndoHandler
{
    public string Kind => EmbeddedUndoKinds.ZonePowerLoss;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
        => await control.SetZonePowerLossAsync(undo.RequireString("zone"), lost: false, cancellationToken).ConfigureAwait(false);
}
