using ChaosHarness.Aws;
using ChaosHarness.Azure;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Cloud.Tests;

/// <summary>A fleet file names, per cluster, the cloud endpoint and the tag that marks its machines.</summary>
public sealed class FleetFileAccountTests
{
    private const string FleetFile = """
        name: staging
        allowedNamespaces: [shop]
        clusters:
          - name: prod-use1
            context: prod-use1
            region: us-east-1
            zones: [us-east-1a, us-east-1b]
            provider: aws
            account:
              region: us-east-1
              endpoint: http://127.0.0.1:5000
              clusterTag: eks:cluster-name=prod-use1
          - name: prod-eus
            context: prod-eus
            region: eastus
            zones: [eastus-1, eastus-2]
            provider: azure
            account:
              subscriptionId: 00000000-0000-0000-0000-00000000c0de
              resourceGroup: mc_prod-eus
        """;

    [Test]
    public void An_aws_account_gives_the_connection_and_cluster_tag_the_faults_use()
    {
        var cluster = FleetLoader.Parse("/tmp/fleet.yaml", FleetFile).Cluster("prod-use1");

        Assert.That(AwsConnection.For(cluster), Is.EqualTo(new AwsConnection("us-east-1", new Uri("http://127.0.0.1:5000"))));
        Assert.That(AwsClusterTag.For(cluster), Is.EqualTo(new ClusterTag("eks:cluster-name", "prod-use1")));
    }

    [Test]
    public void Without_a_cluster_tag_the_kubernetes_cluster_tag_convention_applies()
    {
        var cluster = FleetLoader.Parse("/tmp/fleet.yaml", FleetFile).Cluster("prod-eus");

        Assert.That(AzureConnection.For(cluster), Is.EqualTo(new AzureConnection("00000000-0000-0000-0000-00000000c0de", "mc_prod-eus")));
        Assert.That(AzureZoneOutage.TagFor(cluster), Is.EqualTo(new ClusterTag("kubernetes.io/cluster/prod-eus", null)));
        Assert.That(AzureZones.ToAzureZone("eastus-2"), Is.EqualTo("2"));
    }

    [Test]
    public void A_cluster_tag_with_a_value_matches_only_that_value()
    {
        var tag = ClusterTag.Parse("team=payments");

        Assert.That(tag.Matches([new("team", "payments")]), Is.True);
        Assert.That(tag.Matches([new("team", "search")]), Is.False);
        Assert.That(ClusterTag.Parse("team").Matches([new("team", "search")]), Is.True);
    }
}
