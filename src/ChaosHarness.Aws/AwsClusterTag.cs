using Amazon.EC2.Model;
using ChaosHarness.Cloud;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Aws;

public static class AwsClusterTag
{
    /// <summary>The fleet file's <c>clusterTag</c>, else EKS's convention: <c>kubernetes.io/cluster/&lt;name&gt;</c> with any value.</summary>
    public static ClusterTag For(ClusterTarget cluster)
        => cluster.Account?.ClusterTag is { } text ? ClusterTag.Parse(text) : new ClusterTag($"kubernetes.io/cluster/{cluster.Name}", null);

    public static Filter ToFilter(this ClusterTag tag)
        => tag.Value is null ? new Filter("tag-key", [tag.Key]) : new Filter($"tag:{tag.Key}", [tag.Value]);

    public static bool Matches(this ClusterTag tag, IEnumerable<Tag>? tags)
        => tag.Matches((tags ?? []).Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
}
