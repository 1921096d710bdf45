using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using ChaosHarness.Cloud;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Azure;

/// <summary>
/// An Azure zone (or region) outage for one cluster: the running instances, in that zone, of the cluster's node pool
/// scale sets (selected by tag) are powered off, as Chaos Studio's VMSS shutdown does. Refuses — changing nothing —
/// a zone none of the cluster's scale sets spans and a zone with no running instance. Needs an <see cref="ArmAccess"/>.
/// </summary>
public sealed class AzureZoneOutage : IFault
{
    private const string Running = "PowerState/running";
    private readonly string _cluster;
    private readonly IReadOnlyList<string>? _zones;
    private readonly string? _name;

    private AzureZoneOutage(string cluster, IReadOnlyList<string>? zones, string? name = null)
    {
        _cluster = cluster;
        _zones = zones;
        _name = name;
    }

    public bool IsRegionLoss => _zones is null;

    /// <summary>How an Azure zone is taken away, in words.</summary>
    public const string Method = "power off scale set instances";

    public string Name => _name ?? $"Azure {(IsRegionLoss ? "region" : "zone")} outage ({Method})";

    public FaultTarget Target => new(_cluster, Zones: _zones);

    public static AzureZoneOutage Zone(string cluster, string zone) => new(cluster, [zone]);

    public static AzureZoneOutage Region(string cluster) => new(cluster, null);

    /// <summary>The fleet file's <c>clusterTag</c>, else <c>kubernetes.io/cluster/&lt;name&gt;</c> with any value.</summary>
    public static ClusterTag TagFor(ClusterTarget cluster)
        => cluster.Account?.ClusterTag is { } text ? ClusterTag.Parse(text) : new ClusterTag($"kubernetes.io/cluster/{cluster.Name}", null);

    /// <summary>
    /// Plans the outage of <paramref name="zones"/> of <paramref name="cluster"/> (null: every zone), named
    /// <paramref name="faultName"/>: what a provider-neutral zone or region outage calls for an Azure cluster.
    /// </summary>
    public static ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken)
        => new AzureZoneOutage(cluster.Name, zones, faultName).PlanAsync(context, cancellationToken);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Fleet.Cluster(_cluster);
        if (cluster.Provider != ClusterProvider.Azure)
        {
            throw new CloudFaultException($"{Name}: cluster '{cluster.Name}' runs on {cluster.Provider}, not Azure; nothing was changed.");
        }

        var arm = context.Services.Require<ArmAccess>().For(AzureConnection.For(cluster));
        var tag = TagFor(cluster);
        var zones = _zones ?? cluster.Zones;
        var scaleSets = await arm.CallAsync("list virtualMachineScaleSets", (client, ct) => ListAsync(client, arm.Connection, tag, ct), cancellationToken).ConfigureAwait(false);
        if (scaleSets.Count == 0)
        {
            throw new CloudFaultException($"{Name}: no scale set of cluster '{cluster.Name}' (tag {tag}) in {arm.Connection}; nothing was changed.");
        }

        var spanned = scaleSets.SelectMany(s => s.Data.Zones).ToHashSet(StringComparer.Ordinal);
        foreach (var zone in zones.Where(z => !spanned.Contains(AzureZones.ToAzureZone(z))))
        {
            throw new CloudFaultException(
                $"{Name}: zone '{zone}' (Azure zone {AzureZones.ToAzureZone(zone)}) is not a zone of cluster '{cluster.Name}''s scale sets (zones: {string.Join(", ", spanned.Order(StringComparer.Ordinal))}); nothing was changed.");
        }

        var changes = new List<FaultChange>();
        var affected = 0;
        var total = 0;
        var emptyZones = zones.ToHashSet(StringComparer.Ordinal);
        foreach (var scaleSet in scaleSets.OrderBy(s => s.Data.Name, StringComparer.Ordinal))
        {
            var name = scaleSet.Data.Name;
            var vms = await arm.CallAsync($"list virtualMachines of {name}", (client, ct) => ListVmsAsync(client, arm.Connection, name, ct), cancellationToken).ConfigureAwait(false);
            var running = vms.Where(v => (v.InstanceView?.Statuses ?? []).Any(s => s.Code == Running)).ToList();
            total += running.Count;
            foreach (var zone in zones)
            {
                var ids = running.Where(v => v.Zones.Contains(AzureZones.ToAzureZone(zone))).Select(v => v.InstanceId).Order(StringComparer.Ordinal).ToList();
                if (ids.Count == 0)
                {
                    continue;
                }

                emptyZones.Remove(zone);
                affected += ids.Count;
                changes.Add(new FaultChange(
                    $"power off instances {string.Join(", ", ids)} of scale set {name} in {zone}",
                    VmssInstancePowerOff.Record(cluster.Name, arm.Connection, name, zone, ids),
                    ct => new ValueTask(VmssInstancePowerOff.ApplyAsync(arm, name, ids, ct))));
            }
        }

        if (changes.Count == 0 || (!IsRegionLoss && emptyZones.Count > 0))
        {
            throw new CloudFaultException($"{Name}: no running instance of cluster '{cluster.Name}''s scale sets in {string.Join(", ", emptyZones)}; nothing was changed.");
        }

        return new FaultPlan(
            $"power off the running instances of cluster {cluster.Name}'s scale sets in {string.Join(", ", zones)}",
            changes,
            new BlastRadiusImpact(Name, zones, [cluster.Region], [new ClusterImpact(cluster.Name, affected, total)]));
    }

    private static async Task<IReadOnlyList<VirtualMachineScaleSetResource>> ListAsync(ArmClient client, AzureConnection connection, ClusterTag tag, CancellationToken cancellationToken)
    {
        var group = client.GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(connection.SubscriptionId, connection.ResourceGroup));
        var result = new List<VirtualMachineScaleSetResource>();
        await foreach (var scaleSet in group.GetVirtualMachineScaleSets().GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (tag.Matches(scaleSet.Data.Tags))
            {
                result.Add(scaleSet);
            }
        }

        return result;
    }

    private static async Task<IReadOnlyList<VirtualMachineScaleSetVmData>> ListVmsAsync(ArmClient client, AzureConnection connection, string scaleSet, CancellationToken cancellationToken)
    {
        var result = new List<VirtualMachineScaleSetVmData>();
        var vms = VmssInstancePowerOff.ScaleSet(client, connection, scaleSet).GetVirtualMachineScaleSetVms();
        await foreach (var vm in vms.GetAllAsync(expand: "instanceView", cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(vm.Data);
        }

        return result;
    }
}
