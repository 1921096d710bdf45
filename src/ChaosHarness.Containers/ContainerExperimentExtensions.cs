using ChaosHarness.Containers.Faults;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;

namespace ChaosHarness.Containers;

public static class ContainerExperimentExtensions
{
    /// <summary>Lets the experiment undo region cuts and freezes (its own, and those a crashed run journalled).</summary>
    public static ExperimentBuilder UseContainerRegions(this ExperimentBuilder builder)
        => builder.OnStart(b => Register(b.UndoHandlers));

    public static UndoHandlers Register(UndoHandlers handlers)
        => handlers.Add(new UnpauseUndoHandler()).Add(new NetworkReconnectUndoHandler());
}
