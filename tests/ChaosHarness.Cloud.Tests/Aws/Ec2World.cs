using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>
/// A small AWS estate built in moto through the real SDK: one VPC with a subnet per zone, two instances of the
/// cluster per zone, and bystanders (another cluster's instance, an untagged one) that no fault may touch.
/// </summary>
public sealed class Ec2World : IDisposable
{
    public const string Region = "us-east-1";
    public const string ClusterName = "prod-use1";
    public const string ClusterTagKey = "kubernetes.io/cluster/prod-use1";
    public static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    private Ec2World(IAmazonEC2 client) => Client = client;

    /// <summary>A client straight to moto, outside the harness: how the tests see the truth.</summary>
    public IAmazonEC2 Client { get; }

    public string VpcId { get; private set; } = "";

    public Dictionary<string, string> SubnetByZone { get; } = [];

    public Dictionary<string, List<string>> ClusterInstancesByZone { get; } = [];

    public string OtherClusterInstance { get; private set; } = "";

    public string UntaggedInstance { get; private set; } = "";

    public IEnumerable<string> ClusterInstances => ClusterInstancesByZone.Values.SelectMany(i => i);

    public static AmazonEC2Client Connect(Uri endpoint)
        => new(new BasicAWSCredentials("testing", "testing"), new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = Region });

    /// <param name="instancesPerZone">The cluster's instances per zone; zones past the array's end get none.</param>
    public static async Task<Ec2World> BuildAsync(Uri endpoint, int[]? instancesPerZone = null)
    {
        instancesPerZone ??= [2, 2, 2];
        var world = new Ec2World(Connect(endpoint));
        var ec2 = world.Client;
        world.VpcId = (await ec2.CreateVpcAsync(new CreateVpcRequest { CidrBlock = "10.0.0.0/16" })).Vpc.VpcId;
        var image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest())).Images![0].ImageId;
        for (var i = 0; i < Zones.Length; i++)
        {
            var zone = Zones[i];
            var subnet = (await ec2.CreateSubnetAsync(new CreateSubnetRequest { VpcId = world.VpcId, CidrBlock = $"10.0.{i}.0/24", AvailabilityZone = zone })).Subnet.SubnetId;
            world.SubnetByZone[zone] = subnet;
            var count = i < instancesPerZone.Length ? instancesPerZone[i] : 0;
            world.ClusterInstancesByZone[zone] = count == 0 ? [] : await RunAsync(ec2, image, subnet, count, new Tag(ClusterTagKey, "owned"));
        }

        world.OtherClusterInstance = (await RunAsync(ec2, image, world.SubnetByZone[Zones[0]], 1, new Tag("kubernetes.io/cluster/staging", "owned")))[0];
        world.UntaggedInstance = (await RunAsync(ec2, image, world.SubnetByZone[Zones[0]], 1, null))[0];
        return world;
    }

    /// <summary>What a fault could have changed: every instance's state and tags, every subnet's ACL and every ACL.</summary>
    public async Task<Ec2Snapshot> SnapshotAsync()
    {
        var reservations = (await Client.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations ?? [];
        var instances = reservations.SelectMany(r => r.Instances ?? [])
            .OrderBy(i => i.InstanceId, StringComparer.Ordinal)
            .Select(i => $"{i.InstanceId} {i.State.Name.Value} [{string.Join(",", (i.Tags ?? []).OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}]")
            .ToList();
        var acls = (await Client.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest())).NetworkAcls ?? [];
        var subnetAcls = acls.SelectMany(a => (a.Associations ?? []).Select(s => $"{s.SubnetId} -> {a.NetworkAclId}")).Order(StringComparer.Ordinal).ToList();
        var aclIds = acls.Select(a => a.NetworkAclId).Order(StringComparer.Ordinal).ToList();
        return new Ec2Snapshot(instances, subnetAcls, aclIds);
    }

    public async Task<Dictionary<string, string>> StatesAsync()
    {
        var reservations = (await Client.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations ?? [];
        return reservations.SelectMany(r => r.Instances ?? []).ToDictionary(i => i.InstanceId, i => i.State.Name.Value);
    }

    public async Task<NetworkAcl> AclOfSubnetAsync(string subnetId)
    {
        var acls = (await Client.DescribeNetworkAclsAsync(new DescribeNetworkAclsRequest { Filters = [new Filter("association.subnet-id", [subnetId])] })).NetworkAcls ?? [];
        return acls.Single(a => (a.Associations ?? []).Any(s => s.SubnetId == subnetId));
    }

    public void Dispose() => Client.Dispose();

    private static async Task<List<string>> RunAsync(IAmazonEC2 ec2, string image, string subnet, int count, Tag? tag)
    {
        var request = new RunInstancesRequest { ImageId = image, MinCount = count, MaxCount = count, InstanceType = InstanceType.T3Medium, SubnetId = subnet };
        if (tag is not null)
        {
            request.TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [tag] }];
        }

        var response = await ec2.RunInstancesAsync(request);
        return response.Reservation.Instances!.Select(i => i.InstanceId).ToList();
    }
}
