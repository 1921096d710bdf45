using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ChaosHarness.Containers.Faults;

/// <summary>
/// Reconnects a cut region's container to its network under its aliases (Testcontainers' own reconnect drops them);
/// nothing to do when it is connected already or the container is gone.
/// </summary>
public sealed class NetworkReconnectUndoHandler : IUndoHandler
{
    public const string UndoKind = "docker/network-reconnect";

    public string Kind => UndoKind;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var container = undo.RequireString("container");
        var network = undo.RequireString("network");
        var aliases = (undo.Data["aliases"]?.AsArray() ?? []).Select(a => a!.GetValue<string>()).ToList();
        using var docker = DockerEngine.CreateClient();
        try
        {
            var inspected = await docker.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            if (inspected.NetworkSettings?.Networks?.ContainsKey(network) == true)
            {
                return;
            }

            await docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters
            {
                Container = container,
                EndpointConfig = new EndpointSettings { Aliases = aliases },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }
}
