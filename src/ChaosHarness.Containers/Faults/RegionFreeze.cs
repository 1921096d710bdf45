using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Containers.Faults;

/// <summary>
/// A region that goes dark: its container is frozen (<c>docker pause</c>). Connections to it stay open and nothing
/// answers — clients hang until their own timeouts, as with a region whose network silently drops everything.
/// Revert unpauses it; the region resumes where it stopped.
/// </summary>
public sealed class RegionFreeze(ContainerRegion region) : IFault
{
    public string Name => $"region {region.Region} frozen (docker pause of {region.ContainerName})";

    public FaultTarget Target { get; } = new(region.Clusters[0], Region: region.Region);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        using var docker = DockerEngine.CreateClient();
        var state = (await docker.Containers.InspectContainerAsync(region.ContainerId, cancellationToken).ConfigureAwait(false)).State;
        if (state?.Running != true || state.Paused)
        {
            throw new InvalidOperationException($"Container {region.ContainerName} of region {region.Region} is {(state?.Paused == true ? "already paused" : "not running")}; nothing to freeze.");
        }

        var undo = new UndoRecord(UnpauseUndoHandler.UndoKind, region.Clusters[0], $"container {region.ContainerName}", new JsonObject
        {
            ["container"] = region.ContainerId,
            ["region"] = region.Region,
        });
        return new FaultPlan(
            $"pause container {region.ContainerName}: every cluster of region {region.Region} stops answering",
            [new FaultChange($"docker pause {region.ContainerName}", undo, async ct =>
            {
                using var client = DockerEngine.CreateClient();
                await client.Containers.PauseContainerAsync(region.ContainerId, ct).ConfigureAwait(false);
            })],
            RegionImpact.Of(Name, region, context.Fleet));
    }
}
