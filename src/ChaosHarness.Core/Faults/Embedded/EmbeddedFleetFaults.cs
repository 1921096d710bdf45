using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults.Outages;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;

namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>
/// The embedded fleet as a fault provider: when the fleet has a control API (<c>controlUrl</c> in fleet.json), zone
/// and region outages of its clusters are made physically through it, and their undo kinds can be reverted.
/// </summary>
public static class EmbeddedFleetFaults
{
    /// <summary>Registers the mechanisms and undo handlers for the experiment's fleet; nothing for a fleet without a control API.</summary>
    public static ExperimentBuilder UseEmbeddedFleet(this ExperimentBuilder builder)
    {
        if (builder.Fleet.ControlUrl is not { } url)
        {
            return builder;
        }

        var control = new EmbeddedFleetControl(url);
        builder.Owns(control);
        builder.Services.Add(control);
        OutageMechanisms.For(builder.Services).Add(new ZonePowerLoss(control)).Add(new EmbeddedRegionOutage(control));
        AddUndoHandlers(builder.UndoHandlers, control);
        return builder;
    }

    /// <summary>
    /// For <c>chaos revert</c>: the undo handlers of the embedded fleet's faults, reached through <paramref name="fleet"/>'s
    /// control API (nothing for a fleet without one). The control client lives as long as the handlers.
    /// </summary>
    public static UndoHandlers AddUndoHandlers(UndoHandlers handlers, Fleet fleet)
    {
        if (fleet.ControlUrl is { } url)
        {
            AddUndoHandlers(handlers, new EmbeddedFleetControl(url));
        }

        return handlers;
    }

    private static void AddUndoHandlers(UndoHandlers handlers, EmbeddedFleetControl control)
        => handlers.Add(new ZonePowerLossUndoHandler(control)).Add(new RegionOutageUndoHandler(control));
}
