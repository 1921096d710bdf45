using ChaosHarness.Containers.Faults;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Containers.Tests;

/// <summary>
/// Two regions in two containers on two networks, one fleet for the harness: freezing one region leaves the other
/// answering — the loss is confined to the region's container, as a region's loss is to the region.
/// </summary>
[Category("Containers")]
[NonParallelizable]
public sealed class ContainerFleetTests
{
    [Test]
    public async Task Freezing_one_region_leaves_the_other_answering_and_the_harness_sees_both()
    {
        await using var containers = await ContainerFleet.StartAsync(["eu-west", "us-east"], b => b.WithImage(ContainerEnvironment.Image).WithSpeed(1));
        var loaded = await FleetLoader.LoadAsync(containers.FleetFilePath);
        var fleet = new Core.Fleets.Fleet(
            loaded.Name, loaded.Kind, loaded.Clusters, loaded.AllowList, new BlastRadiusLimits(MaxZonesPerFault: 3, MaxNodePercentPerFault: 100, MaxRegionsPerFault: 1),
            loaded.KubeconfigPath, loaded.Speed, loaded.StartedAt, loaded.ControlUrl, loaded.TrafficUrl, loaded.SourcePath, loaded.Clock);
        var (lost, kept) = (containers["eu-west"].Clusters.Single(), containers["us-east"].Clusters.Single());
        using (var patient = new KubernetesFleet(fleet))
        {
            // A region's container is up before its kubelets have registered their nodes: wait for them, bounded.
            await RegionProbe.AnswersAgainAsync(patient, lost);
            await RegionProbe.AnswersAgainAsync(patient, kept);
        }

        using var probe = RegionProbe.Tight(fleet);
        await using (var experiment = await new ExperimentBuilder(fleet, "freeze eu-west").WithJournalDirectory(Path.Combine(containers["eu-west"].StateDirectory, "journal")).UseContainerRegions().StartAsync())
        {
            await experiment.InjectAsync(new RegionFreeze(containers["eu-west"]));

            await Assert.ThrowsAsync<ClusterUnreachableException>(() => RegionProbe.NodeCountAsync(probe, lost));
            Assert.That(await RegionProbe.NodeCountAsync(probe, kept), Is.GreaterThan(0), "the other region is not affected");
        }

        await RegionProbe.AnswersAgainAsync(probe, lost);
        Assert.That(fleet.Regions.Select(r => r.Name), Is.EquivalentTo(new[] { "eu-west", "us-east" }));
    }
}
