using Amazon.EC2;
using Amazon.EC2.Model;
using ChaosHarness.Aws;

namespace ChaosHarness.Fleet.Aws;

/// <summary>The instances behind a cluster's nodes: found by the cluster's tag, launched into a zone's subnet with the node's tags.</summary>
public static class Ec2NodeInstances
{
    public static Filter ClusterFilter(this Ec2ClusterEstate estate) => new($"tag:{estate.ClusterTagKey}", [Ec2MachineTags.Owned]);

    public static Task<IReadOnlyList<Instance>> OfClusterAsync(this Ec2Gateway ec2, Ec2ClusterEstate estate, CancellationToken cancellationToken)
        => ec2.InstancesAsync([estate.ClusterFilter()], cancellationToken);

    public static string? NodeOf(Instance instance) => instance.Tags.TagValue(Ec2MachineTags.Node);

    public static bool IsUp(Instance instance)
        => instance.State?.Name == InstanceStateName.Running || instance.State?.Name == InstanceStateName.Pending;

    public static bool IsGone(Instance instance)
        => instance.State?.Name == InstanceStateName.Terminated || instance.State?.Name == InstanceStateName.ShuttingDown;

    /// <summary>Launches the machine of <paramref name="node"/> in <paramref name="zone"/>'s subnet of the cluster's VPC.</summary>
    public static async Task<Instance> LaunchAsync(this Ec2Gateway ec2, Ec2ClusterEstate estate, string zone, string node, string instanceType, CancellationToken cancellationToken)
    {
        var request = new RunInstancesRequest
        {
            ImageId = estate.ImageId,
            MinCount = 1,
            MaxCount = 1,
            InstanceType = new InstanceType(instanceType),
            SubnetId = estate.SubnetByZone[zone],
            TagSpecifications =
            [
                new TagSpecification
                {
                    ResourceType = ResourceType.Instance,
                    Tags = [new Tag(estate.ClusterTagKey, Ec2MachineTags.Owned), new Tag("Name", node), new Tag(Ec2MachineTags.Node, node)],
                },
            ],
        };
        var response = await ec2.CallAsync("RunInstances", (c, ct) => c.RunInstancesAsync(request, ct), cancellationToken).ConfigureAwait(false);
        return response.Reservation.Instances![0];
    }
}
