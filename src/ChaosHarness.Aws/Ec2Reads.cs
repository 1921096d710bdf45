using Amazon.EC2.Model;

namespace ChaosHarness.Aws;

/// <summary>The reads faults and undo handlers make, paginated, through the gateway's pipeline. Absent lists read as empty.</summary>
public static class Ec2Reads
{
    public static async Task<IReadOnlyList<string>> ZoneNamesAsync(this Ec2Gateway ec2, CancellationToken cancellationToken)
    {
        var response = await ec2.CallAsync("DescribeAvailabilityZones", (c, ct) => c.DescribeAvailabilityZonesAsync(new DescribeAvailabilityZonesRequest(), ct), cancellationToken).ConfigureAwait(false);
        return (response.AvailabilityZones ?? []).Select(z => z.ZoneName).ToList();
    }

    public static async Task<IReadOnlyList<Subnet>> SubnetsAsync(this Ec2Gateway ec2, IEnumerable<Filter> filters, CancellationToken cancellationToken)
    {
        var result = new List<Subnet>();
        string? next = null;
        do
        {
            var request = new DescribeSubnetsRequest { Filters = filters.ToList(), NextToken = next };
            var page = await ec2.CallAsync("DescribeSubnets", (c, ct) => c.DescribeSubnetsAsync(request, ct), cancellationToken).ConfigureAwait(false);
            result.AddRange(page.Subnets ?? []);
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return result;
    }

    public static async Task<IReadOnlyList<Instance>> InstancesAsync(this Ec2Gateway ec2, IEnumerable<Filter> filters, CancellationToken cancellationToken)
    {
        var result = new List<Instance>();
        string? next = null;
        do
        {
            var request = new DescribeInstancesRequest { Filters = filters.ToList(), NextToken = next };
            var page = await ec2.CallAsync("DescribeInstances", (c, ct) => c.DescribeInstancesAsync(request, ct), cancellationToken).ConfigureAwait(false);
            result.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []));
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return result;
    }

    public static async Task<IReadOnlyList<NetworkAcl>> NetworkAclsAsync(this Ec2Gateway ec2, IEnumerable<Filter> filters, CancellationToken cancellationToken)
    {
        var result = new List<NetworkAcl>();
        string? next = null;
        do
        {
            var request = new DescribeNetworkAclsRequest { Filters = filters.ToList(), NextToken = next };
            var page = await ec2.CallAsync("DescribeNetworkAcls", (c, ct) => c.DescribeNetworkAclsAsync(request, ct), cancellationToken).ConfigureAwait(false);
            result.AddRange(page.NetworkAcls ?? []);
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return result;
    }

    /// <summary>The network ACL a subnet is associated with now, and the association (whose id changes on every replace).</summary>
    public static async Task<SubnetAclAssociation> AclAssociationAsync(this Ec2Gateway ec2, string subnetId, CancellationToken cancellationToken)
    {
        var acls = await ec2.NetworkAclsAsync([new Filter("association.subnet-id", [subnetId])], cancellationToken).ConfigureAwait(false);
        foreach (var acl in acls)
        {
            var association = (acl.Associations ?? []).FirstOrDefault(a => a.SubnetId == subnetId);
            if (association is not null)
            {
                return new SubnetAclAssociation(subnetId, acl, association.NetworkAclAssociationId);
            }
        }

        throw new InvalidOperationException($"Subnet {subnetId} ({ec2.Connection}) has no network ACL association; every subnet has one, so the subnet is probably gone.");
    }

    public static string? TagValue(this IEnumerable<Tag>? tags, string key) => (tags ?? []).FirstOrDefault(t => t.Key == key)?.Value;
}
