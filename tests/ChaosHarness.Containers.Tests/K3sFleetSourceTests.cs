using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Containers.Tests;

/// <summary>
/// A disposable real cluster (k3s through Testcontainers.K3s) as a fleet source, for machines with a registry or the
/// image preloaded. Here no registry is reachable, so without the image the test is ignored and says why.
/// </summary>
[Category("Containers")]
[NonParallelizable]
public sealed class K3sFleetSourceTests
{
    [Test]
    public async Task A_k3s_cluster_is_a_fleet_the_harness_reaches_through_its_fleet_file()
    {
        var image = Environment.GetEnvironmentVariable("CHAOS_K3S_IMAGE") ?? K3sFleetSource.DefaultImage;
        if (!await K3sFleetSource.ImagePresentAsync(image))
        {
            Assert.Ignore($"The k3s image {image} is not in the local image store and no registry is reachable to pull it; " +
                          $"`docker pull {image}` (or `docker load`) on a machine with a registry, or set CHAOS_K3S_IMAGE to a local k3s image.");
        }

        var directory = Directory.CreateTempSubdirectory("chaos-k3s-").FullName;
        try
        {
            await using var k3s = await K3sFleetSource.StartAsync(directory, ["default"], image);
            var fleet = await FleetLoader.LoadAsync(k3s.FleetFilePath);
            using var kubernetes = new KubernetesFleet(fleet);

            var nodes = await kubernetes[k3s.ClusterName].Rest.ListAsync(ResourceKind.Node, null, null, CancellationToken.None);

            Assert.That(fleet.Kind, Is.EqualTo(FleetKind.Real));
            Assert.That(nodes.Items, Is.Not.Empty);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
