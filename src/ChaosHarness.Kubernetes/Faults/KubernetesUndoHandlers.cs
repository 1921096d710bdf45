using ChaosHarness.Core.Faults;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

public static class KubernetesUndoHandlers
{
    /// <summary>Every undo handler of the Kubernetes-level faults.</summary>
    public static UndoHandlers For(KubernetesFleet fleet) => Register(new UndoHandlers(), fleet);

    public static UndoHandlers Register(UndoHandlers handlers, KubernetesFleet fleet)
        => handlers
            .Add(new NodeOutageUndoHandler(fleet))
            .Add(new CreatedObjectUndoHandler(fleet))
            .Add(new TemplateRestoreUndoHandler(fleet));
}
