using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>Brings a lost region back (idempotent: a region that is not dark stays as it is).</summary>
public sealed class RegionOutageUndoHandler(EmbeddedFleetControl control) : IUndoHandler
{
    public string Kind => EmbeddedUndoKinds.RegionOutage;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
        => await control.SetRegionOutageAsync(undo.RequireString("region"), lost: false, cancellationToken).ConfigureAwait(false);
}
