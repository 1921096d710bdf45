using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Embedded;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

public static class KubernetesUndoHandlers
{
    /// <summary>
    /// Every undo handler <c>chaos revert</c> needs for a Kubernetes fleet: the Kubernetes-level faults', and the
    /// embedded fleet's physical faults' when the fleet has a control API.
    /// </summary>
    public static UndoHandlers For(KubernetesFleet fleet)
    {
        var handlers = new UndoHandlers()
            .Add(new NodeOutageUndoHandler(fleet))
            .Add(new CreatedObjectUndoHandler(fleet))
            .Add(new TemplateRestoreUndoHandler(fleet))
            .Add(new LostApiUndoHandler(fleet));
        EmbeddedFleetFaults.AddUndoHandlers(handlers, fleet.Fleet);
        return handlers;
    }
}
