using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Containers.Faults;

/// <summary>
/// A region cut off the network: its container is disconnected from its region network. Peers can no longer resolve
/// or reach it and connections from this machine are refused — a region whose links went down, as opposed to one
/// that went dark (<see cref="RegionFreeze"/>). Revert reconnects it under its alias.
/// </summary>
public sealed class RegionNetworkCut(ContainerRegion region) : IFault
{
    public string Name => $"region {region.Region} cut off (container {region.ContainerName} disconnected from {region.NetworkName})";

    public FaultTarget Target { get; } = new(region.Clusters[0], Region: region.Region);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        using var docker = DockerEngine.CreateClient();
        var inspected = await docker.Containers.InspectContainerAsync(region.ContainerId, cancellationToken).ConfigureAwait(false);
        if (inspected.NetworkSettings?.Networks?.ContainsKey(region.NetworkName) != true)
        {
            throw new InvalidOperationException($"Container {region.ContainerName} of region {region.Region} is not on network {region.NetworkName}; nothing to cut.");
        }

        var undo = new UndoRecord(NetworkReconnectUndoHandler.UndoKind, region.Clusters[0], $"container {region.ContainerName} on {region.NetworkName}", new JsonObject
        {
            ["container"] = region.ContainerId,
            ["network"] = region.NetworkName,
            ["aliases"] = new JsonArray(region.NetworkAlias),
            ["region"] = region.Region,
        });
        return new FaultPlan(
            $"disconnect container {region.ContainerName} from network {region.NetworkName}: region {region.Region} unreachable",
            [new FaultChange($"docker network disconnect {region.NetworkName} {region.ContainerName}", undo, async ct =>
            {
                using var client = DockerEngine.CreateClient();
                await client.Networks.DisconnectNetworkAsync(region.NetworkName, new() { Container = region.ContainerId, Force = true }, ct).ConfigureAwait(false);
            })],
            RegionImpact.Of(Name, region, context.Fleet));
    }
}
