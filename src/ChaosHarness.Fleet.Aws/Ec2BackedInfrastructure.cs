using System.Collections.Concurrent;
using System.Globalization;
using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Aws;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Aws;

/// <summary>
/// Backs the embedded fleet's nodes with EC2 instances at <paramref name="endpoint"/> (a moto server, typically), laid
/// out as EKS lays out a cluster: a VPC per cluster, a subnet per zone, one instance per node in its zone's subnet,
/// all tagged <c>kubernetes.io/cluster/&lt;name&gt;=owned</c>; each node's provider id is <c>aws:///&lt;zone&gt;/&lt;id&gt;</c>.
/// A fleet started again against the same endpoint finds its instances by their node tags instead of creating more.
/// Every call goes through <see cref="Ec2Gateway"/> (throttling ridden out on the fleet clock).
/// </summary>
public sealed class Ec2BackedInfrastructure(Uri endpoint, Ec2MachineOptions? options = null) : IMachineBackend
{
    private readonly Ec2MachineOptions _options = options ?? new Ec2MachineOptions();
    private readonly ConcurrentDictionary<string, Ec2ClusterEstate> _estates = new(StringComparer.Ordinal);
    private Ec2Access? _access;

    public Uri Endpoint { get; } = endpoint;

    public TimeSpan ObserveInterval => _options.ObserveInterval;

    /// <summary>The EC2 estate of each provisioned cluster, by name.</summary>
    public IReadOnlyDictionary<string, Ec2ClusterEstate> Estates => _estates;

    /// <summary>The connection AWS faults need to reach a backed cluster's instances (its fleet file account).</summary>
    public AwsConnection ConnectionFor(ClusterTopology cluster) => new(_options.Region(cluster), Endpoint);

    public bool Backs(ClusterTopology cluster) => _options.Clusters?.Contains(cluster.Name) ?? true;

    public async Task<IReadOnlyDictionary<string, string>> ProvisionAsync(ClusterTopology cluster, TimeProvider clock, CancellationToken cancellationToken)
    {
        _access ??= new Ec2Access(clock, _options.Access);
        var ec2 = _access.For(ConnectionFor(cluster));
        var clusterTag = new Tag(Ec2MachineTags.ClusterKey(cluster.Name), Ec2MachineTags.Owned);
        var vpcId = await EnsureVpcAsync(ec2, cluster, clusterTag, cancellationToken).ConfigureAwait(false);
        var subnets = await EnsureSubnetsAsync(ec2, cluster, vpcId, clusterTag, cancellationToken).ConfigureAwait(false);
        var existing = (await ec2.InstancesAsync([new Filter($"tag:{clusterTag.Key}", [clusterTag.Value])], cancellationToken).ConfigureAwait(false))
            .Where(i => !Ec2NodeInstances.IsGone(i) && Ec2NodeInstances.NodeOf(i) is not null)
            .GroupBy(i => Ec2NodeInstances.NodeOf(i)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(Ec2NodeInstances.IsUp).First(), StringComparer.Ordinal);
        var image = existing.Values.Select(i => i.ImageId).FirstOrDefault() ?? await AnyImageAsync(ec2, cancellationToken).ConfigureAwait(false);
        var estate = new Ec2ClusterEstate(cluster.Name, ec2, vpcId, subnets, image);
        var providerIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (zone, node) in cluster.Nodes())
        {
            var instance = existing.GetValueOrDefault(node)
                           ?? await ec2.LaunchAsync(estate, zone, node, _options.InstanceType, cancellationToken).ConfigureAwait(false);
            providerIds[node] = Ec2MachineTags.ProviderId(zone, instance.InstanceId);
        }

        _estates[cluster.Name] = estate;
        return providerIds;
    }

    /// <summary>One DescribeInstances (by cluster tag) and one DescribeNetworkAcls (by VPC) for the whole cluster.</summary>
    public async Task<IReadOnlyDictionary<string, MachineCondition>> ObserveAsync(ClusterTopology cluster, CancellationToken cancellationToken)
    {
        var estate = _estates.GetValueOrDefault(cluster.Name)
                     ?? throw new InvalidOperationException($"Cluster {cluster.Name} has no EC2 machines: it was not provisioned.");
        var instances = await estate.Ec2.OfClusterAsync(estate, cancellationToken).ConfigureAwait(false);
        var acls = await estate.Ec2.NetworkAclsAsync([new Filter("vpc-id", [estate.VpcId])], cancellationToken).ConfigureAwait(false);
        return Ec2MachineConditions.From(instances, acls);
    }

    public ValueTask DisposeAsync()
    {
        _access?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<string> EnsureVpcAsync(Ec2Gateway ec2, ClusterTopology cluster, Tag clusterTag, CancellationToken cancellationToken)
    {
        var found = await ec2.CallAsync(
            "DescribeVpcs",
            (c, ct) => c.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [new Filter($"tag:{clusterTag.Key}", [clusterTag.Value])] }, ct),
            cancellationToken).ConfigureAwait(false);
        if ((found.Vpcs ?? []).FirstOrDefault() is { } vpc) return vpc.VpcId;

        var created = await ec2.CallAsync(
            "CreateVpc",
            (c, ct) => c.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16", TagSpecifications = [Tags(ResourceType.Vpc, clusterTag, new Tag("Name", cluster.Name))] }, ct),
            cancellationToken).ConfigureAwait(false);
        return created.Vpc.VpcId;
    }

    private static async Task<IReadOnlyDictionary<string, string>> EnsureSubnetsAsync(Ec2Gateway ec2, ClusterTopology cluster, string vpcId, Tag clusterTag, CancellationToken cancellationToken)
    {
        var subnets = (await ec2.SubnetsAsync([new Filter("vpc-id", [vpcId])], cancellationToken).ConfigureAwait(false))
            .GroupBy(s => s.AvailabilityZone, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().SubnetId, StringComparer.Ordinal);
        for (var i = 0; i < cluster.Zones.Count; i++)
        {
            var zone = cluster.Zones[i];
            if (subnets.ContainsKey(zone)) continue;
            var request = new CreateSubnetRequest
            {
                VpcId = vpcId,
                AvailabilityZone = zone,
                CidrBlock = string.Create(CultureInfo.InvariantCulture, $"10.0.{i}.0/24"),
                TagSpecifications = [Tags(ResourceType.Subnet, clusterTag, new Tag("Name", $"{cluster.Name}-{zone}"))],
            };
            var created = await ec2.CallAsync("CreateSubnet", (c, ct) => c.CreateSubnetAsync(request, ct), cancellationToken).ConfigureAwait(false);
            subnets[zone] = created.Subnet.SubnetId;
        }

        return subnets;
    }

    private static async Task<string> AnyImageAsync(Ec2Gateway ec2, CancellationToken cancellationToken)
    {
        var images = await ec2.CallAsync("DescribeImages", (c, ct) => c.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["amazon"] }, ct), cancellationToken).ConfigureAwait(false);
        return (images.Images ?? []).Select(i => i.ImageId).Order(StringComparer.Ordinal).FirstOrDefault()
               ?? throw new InvalidOperationException($"EC2 at {ec2.Connection} lists no Amazon image to start node instances from.");
    }

    private static TagSpecification Tags(ResourceType type, params Tag[] tags) => new() { ResourceType = type, Tags = [.. tags] };
}
