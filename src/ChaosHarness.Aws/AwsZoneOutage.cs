using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Cloud;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Aws;

/// <summary>
/// An AWS zone (or region) outage for one cluster: its instances in the zone stopped, or the zone's subnets of its VPC
/// swapped to a deny-all network ACL. It plans from what EC2 reports now and refuses — changing nothing — a zone the
/// region does not have, a zone with nothing of the cluster in it, and a subnet someone else already cut off.
/// Needs an <see cref="Ec2Access"/> in the experiment's services.
/// </summary>
public sealed class AwsZoneOutage : IFault
{
    private readonly string _cluster;
    private readonly IReadOnlyList<string>? _zones;
    private readonly string? _name;

    private AwsZoneOutage(string cluster, IReadOnlyList<string>? zones, AwsZoneOutageMechanism mechanism, string? name = null)
    {
        _cluster = cluster;
        _zones = zones;
        _name = name;
        Mechanism = mechanism;
    }

    public AwsZoneOutageMechanism Mechanism { get; }

    public bool IsRegionLoss => _zones is null;

    public string Name => _name ?? $"AWS {(IsRegionLoss ? "region" : "zone")} outage ({MethodOf(Mechanism)})";

    /// <summary>How <paramref name="mechanism"/> takes a zone away, in words.</summary>
    public static string MethodOf(AwsZoneOutageMechanism mechanism)
        => mechanism == AwsZoneOutageMechanism.StopInstances ? "stop instances" : "deny-all network ACL";

    public FaultTarget Target => new(_cluster, Zones: _zones);

    public static AwsZoneOutage Zone(string cluster, string zone, AwsZoneOutageMechanism mechanism) => new(cluster, [zone], mechanism);

    /// <summary>Every zone of the cluster at once; the blast radius must allow that many zones.</summary>
    public static AwsZoneOutage Region(string cluster, AwsZoneOutageMechanism mechanism) => new(cluster, null, mechanism);

    /// <summary>
    /// Plans <paramref name="mechanism"/> for <paramref name="zones"/> of <paramref name="cluster"/> (null: every zone),
    /// named <paramref name="faultName"/>: what a provider-neutral zone or region outage calls for an AWS cluster.
    /// </summary>
    public static ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, AwsZoneOutageMechanism mechanism, string faultName, CancellationToken cancellationToken)
        => new AwsZoneOutage(cluster.Name, zones, mechanism, faultName).PlanAsync(context, cancellationToken);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Fleet.Cluster(_cluster);
        if (cluster.Provider != ClusterProvider.Aws)
        {
            throw new CloudFaultException($"{Name}: cluster '{cluster.Name}' runs on {cluster.Provider}, not AWS; nothing was changed.");
        }

        var connection = AwsConnection.For(cluster);
        var ec2 = context.Services.Require<Ec2Access>().For(connection);
        var tag = AwsClusterTag.For(cluster);
        var zones = _zones ?? cluster.Zones;
        var regionZones = await ec2.ZoneNamesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var zone in zones.Where(z => !regionZones.Contains(z, StringComparer.Ordinal)))
        {
            throw new CloudFaultException($"{Name}: zone '{zone}' is not in region {connection.Region} (its zones: {string.Join(", ", regionZones)}); nothing was changed.");
        }

        var clusterInstances = await ec2.InstancesAsync([tag.ToFilter(), new Filter("instance-state-name", ["running"])], cancellationToken).ConfigureAwait(false);
        var plan = Mechanism == AwsZoneOutageMechanism.StopInstances
            ? await PlanStopAsync(context, cluster, ec2, tag, zones, cancellationToken).ConfigureAwait(false)
            : await PlanBlackholeAsync(context, cluster, ec2, tag, zones, cancellationToken).ConfigureAwait(false);
        var affected = clusterInstances.Count(i => plan.AffectedSubnets.Contains(i.SubnetId));
        return new FaultPlan(
            plan.Intent,
            plan.Changes,
            new BlastRadiusImpact(Name, zones, [cluster.Region], [new ClusterImpact(cluster.Name, affected, clusterInstances.Count)]));
    }

    private async Task<PlannedChanges> PlanStopAsync(FaultContext context, ClusterTarget cluster, Ec2Gateway ec2, ClusterTag tag, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        var changes = new List<FaultChange>();
        var subnets = new HashSet<string>(StringComparer.Ordinal);
        var empty = new List<string>();
        foreach (var zone in zones)
        {
            var zoneSubnets = (await ec2.SubnetsAsync([new Filter("availability-zone", [zone])], cancellationToken).ConfigureAwait(false)).Select(s => s.SubnetId).ToList();
            subnets.UnionWith(zoneSubnets);

            // moto does not match DescribeInstances' availability-zone filter: the zone's subnets select the instances.
            var instances = zoneSubnets.Count == 0
                ? []
                : (await ec2.InstancesAsync([tag.ToFilter(), new Filter("instance-state-name", ["running"]), new Filter("subnet-id", zoneSubnets)], cancellationToken).ConfigureAwait(false))
                    .Where(i => i.Placement?.AvailabilityZone is null || i.Placement.AvailabilityZone == zone)
                    .Select(i => i.InstanceId)
                    .Order(StringComparer.Ordinal)
                    .ToList();
            if (instances.Count == 0)
            {
                empty.Add(zone);
                continue;
            }

            var undo = Ec2InstanceStop.Record(cluster.Name, ec2.Connection, zone, instances);
            changes.Add(new FaultChange(
                $"stop {instances.Count} instance(s) of cluster {cluster.Name} in {zone}: {string.Join(", ", instances)}",
                undo,
                ct => Ec2InstanceStop.ApplyAsync(ec2, undo, instances, context.Run, context.FaultId, ct)));
        }

        if (changes.Count == 0 || (!IsRegionLoss && empty.Count > 0))
        {
            throw new CloudFaultException(
                $"{Name}: no running instance of cluster '{cluster.Name}' (tag {tag}) in {string.Join(", ", empty)} ({ec2.Connection}); nothing was changed.");
        }

        return new PlannedChanges($"stop the running instances of cluster {cluster.Name} in {string.Join(", ", zones)}", changes, subnets);
    }

    private async Task<PlannedChanges> PlanBlackholeAsync(FaultContext context, ClusterTarget cluster, Ec2Gateway ec2, ClusterTag tag, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        var vpcs = await ClusterVpcsAsync(ec2, tag, cancellationToken).ConfigureAwait(false);
        if (vpcs.Count == 0)
        {
            throw new CloudFaultException($"{Name}: found no VPC of cluster '{cluster.Name}' (no instance or VPC tagged {tag}) in {ec2.Connection}; nothing was changed.");
        }

        var ipv6 = new Dictionary<string, bool>(StringComparer.Ordinal);
        var vpcDescriptions = await ec2.CallAsync("DescribeVpcs", (c, ct) => c.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [.. vpcs] }, ct), cancellationToken).ConfigureAwait(false);
        foreach (var vpc in vpcDescriptions.Vpcs ?? [])
        {
            ipv6[vpc.VpcId] = (vpc.Ipv6CidrBlockAssociationSet ?? []).Count > 0;
        }

        var changes = new List<FaultChange>();
        var subnets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in zones)
        {
            var zoneSubnets = await ec2.SubnetsAsync([new Filter("availability-zone", [zone]), new Filter("vpc-id", [.. vpcs])], cancellationToken).ConfigureAwait(false);
            if (zoneSubnets.Count == 0 && !IsRegionLoss)
            {
                throw new CloudFaultException($"{Name}: VPC {string.Join(", ", vpcs)} of cluster '{cluster.Name}' has no subnet in {zone}; nothing was changed.");
            }

            foreach (var subnet in zoneSubnets.OrderBy(s => s.SubnetId, StringComparer.Ordinal))
            {
                var current = await ec2.AclAssociationAsync(subnet.SubnetId, cancellationToken).ConfigureAwait(false);
                EnsureNotCutOffAlready(current, context);
                subnets.Add(subnet.SubnetId);
                var undo = Ec2SubnetBlackhole.Record(cluster.Name, ec2.Connection, zone, subnet.VpcId, current);
                var hasIpv6 = ipv6.GetValueOrDefault(subnet.VpcId);
                changes.Add(new FaultChange(
                    $"swap subnet {subnet.SubnetId} ({zone}) from network ACL {current.AclId} to a new deny-all ACL",
                    undo,
                    ct => Ec2SubnetBlackhole.ApplyAsync(ec2, undo, hasIpv6, context.Run, context.FaultId, ct)));
            }
        }

        if (changes.Count == 0)
        {
            throw new CloudFaultException($"{Name}: VPC {string.Join(", ", vpcs)} of cluster '{cluster.Name}' has no subnet in {string.Join(", ", zones)}; nothing was changed.");
        }

        return new PlannedChanges($"cut off the subnets of cluster {cluster.Name}'s VPC in {string.Join(", ", zones)} with deny-all network ACLs", changes, subnets);
    }

    private void EnsureNotCutOffAlready(SubnetAclAssociation current, FaultContext context)
    {
        if (current.ChaosRun is { } run)
        {
            throw new CloudFaultException(
                $"{Name}: subnet {current.SubnetId} is already swapped to chaos network ACL {current.AclId} by run {run}{(run == context.Run.Value ? " (this run)" : "")}; refusing, nothing was changed.");
        }

        if (current.DeniesAll(egress: false) || current.DeniesAll(egress: true))
        {
            throw new CloudFaultException(
                $"{Name}: subnet {current.SubnetId} is already cut off by network ACL {current.AclId}, which allows no {(current.DeniesAll(egress: false) ? "inbound" : "outbound")} traffic — someone else swapped it; refusing, nothing was changed.");
        }
    }

    private static async Task<IReadOnlyList<string>> ClusterVpcsAsync(Ec2Gateway ec2, ClusterTag tag, CancellationToken cancellationToken)
    {
        var instances = await ec2.InstancesAsync([tag.ToFilter()], cancellationToken).ConfigureAwait(false);
        var vpcs = instances.Where(i => i.State?.Name != InstanceStateName.Terminated && i.VpcId is not null).Select(i => i.VpcId).ToHashSet(StringComparer.Ordinal);
        if (vpcs.Count == 0)
        {
            var tagged = await ec2.CallAsync("DescribeVpcs", (c, ct) => c.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [tag.ToFilter()] }, ct), cancellationToken).ConfigureAwait(false);
            vpcs.UnionWith((tagged.Vpcs ?? []).Select(v => v.VpcId));
        }

        return vpcs.Order(StringComparer.Ordinal).ToList();
    }

    private sealed record PlannedChanges(string Intent, IReadOnlyList<FaultChange> Changes, IReadOnlySet<string> AffectedSubnets);
}
