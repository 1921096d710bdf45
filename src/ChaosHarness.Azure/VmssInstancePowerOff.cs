using Azure.ResourceManager;
using System.Text.Json.Nodes;
using Azure;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Azure;

/// <summary>Powers off chosen instances of a scale set (skipping the guest's shutdown, as a power loss does); undone by starting exactly those.</summary>
public sealed class VmssInstancePowerOff(ArmAccess access) : IUndoHandler
{
    public string Kind => AzureUndoKinds.PoweredOffInstances;

    public static UndoRecord Record(string cluster, AzureConnection connection, string scaleSet, string zone, IReadOnlyList<string> instanceIds)
    {
        var data = new JsonObject
        {
            ["scaleSet"] = scaleSet,
            ["zone"] = zone,
            ["instanceIds"] = new JsonArray(instanceIds.Select(i => (JsonNode?)i).ToArray()),
        };
        connection.WriteTo(data);
        return new UndoRecord(AzureUndoKinds.PoweredOffInstances, cluster, $"scale set {scaleSet} instances {string.Join(", ", instanceIds)} in {zone}", data);
    }

    public static Task ApplyAsync(ArmGateway arm, string scaleSet, IReadOnlyList<string> instanceIds, CancellationToken cancellationToken)
        => arm.RunToCompletionAsync(
            $"powerOff {scaleSet}",
            async (client, ct) => await ScaleSet(client, arm.Connection, scaleSet).PowerOffAsync(WaitUntil.Started, Ids(instanceIds), skipShutdown: true, ct).ConfigureAwait(false),
            cancellationToken);

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var arm = access.For(AzureConnection.ReadFrom(undo));
        var scaleSet = undo.RequireString("scaleSet");
        var ids = undo.Data["instanceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (ids.Count == 0)
        {
            return;
        }

        // Starting a running instance is a no-op in ARM, which makes this idempotent.
        await arm.RunToCompletionAsync(
            $"start {scaleSet}",
            async (client, ct) => await ScaleSet(client, arm.Connection, scaleSet).PowerOnAsync(WaitUntil.Started, Ids(ids), ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    internal static VirtualMachineScaleSetResource ScaleSet(ArmClient client, AzureConnection connection, string name)
        => client.GetVirtualMachineScaleSetResource(VirtualMachineScaleSetResource.CreateResourceIdentifier(connection.SubscriptionId, connection.ResourceGroup, name));

    private static VirtualMachineScaleSetVmInstanceIds Ids(IEnumerable<string> ids)
    {
        var result = new VirtualMachineScaleSetVmInstanceIds();
        foreach (var id in ids)
        {
            result.InstanceIds.Add(id);
        }

        return result;
    }
}
