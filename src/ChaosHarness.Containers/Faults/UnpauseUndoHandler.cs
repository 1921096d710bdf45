using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using Docker.DotNet;

namespace ChaosHarness.Containers.Faults;

/// <summary>Unpauses a frozen region's container; nothing to do when it is not paused or no longer exists.</summary>
public sealed class UnpauseUndoHandler : IUndoHandler
{
    public const string UndoKind = "docker/unpause";

    public string Kind => UndoKind;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var container = undo.RequireString("container");
        using var docker = DockerEngine.CreateClient();
        try
        {
            var state = (await docker.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false)).State;
            if (state?.Paused == true)
            {
                await docker.Containers.UnpauseContainerAsync(container, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
