using System.Diagnostics;
using ChaosHarness.Containers.Faults;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Containers.Tests;

/// <summary>
/// A region of the embedded fleet in its own container, lost for real: frozen (docker pause) or cut off (network
/// disconnect). The harness on this machine talks to it through KubernetesClient over the published port and sees what
/// it would see of a lost region — calls that hang until they time out, or connections refused — and sees it answer
/// again once the fault is reverted. Faults go through the harness: journalled first, reverted always.
/// </summary>
[Category("Containers")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public sealed class RegionLossTests
{
    private const double Speed = 60;
    private ContainerRegion _region = null!;
    private Core.Fleets.Fleet _fleet = null!;
    private string _journal = null!;

    [OneTimeSetUp]
    public async Task StartRegionAsync()
    {
        var watch = Stopwatch.StartNew();
        _region = await new ContainerRegionBuilder("eu-west").WithImage(ContainerEnvironment.Image).WithSpeed(Speed).StartAsync();
        TestContext.Progress.WriteLine($"region eu-west up in container {_region.ContainerName} in {watch.Elapsed.TotalSeconds:0.0} s");
        var loaded = await FleetLoader.LoadAsync(_region.FleetFilePath);

        // Losing a region takes all its zones: the operator widens the blast radius to one whole region per fault.
        _fleet = new Core.Fleets.Fleet(
            loaded.Name, loaded.Kind, loaded.Clusters, loaded.AllowList, new BlastRadiusLimits(MaxZonesPerFault: loaded.Clusters.Sum(c => c.Zones.Count), MaxNodePercentPerFault: 100, MaxRegionsPerFault: 1),
            loaded.KubeconfigPath, loaded.Speed, loaded.StartedAt, loaded.ControlUrl, loaded.TrafficUrl, loaded.SourcePath, loaded.Clock);
        _journal = Path.Combine(_region.StateDirectory, "journal");
    }

    [OneTimeTearDown]
    public async Task StopRegionAsync()
    {
        if (_region is not null)
        {
            await _region.DisposeAsync();
        }
    }

    private KubernetesFleet Client() => RegionProbe.Tight(_fleet);

    private Task<int> NodeCountAsync(KubernetesFleet client) => RegionProbe.NodeCountAsync(client, _region.Clusters[0]);

    private async Task<ExperimentResult> LoseRegionAsync(IFault fault)
    {
        using (var patient = new KubernetesFleet(_fleet))
        {
            Assert.That(await NodeCountAsync(patient), Is.GreaterThan(0), "the region answers before the fault");
        }

        using var client = Client();

        await using var experiment = await new ExperimentBuilder(_fleet, fault.Name).WithJournalDirectory(_journal).UseContainerRegions().StartAsync();
        var watch = Stopwatch.StartNew();
        var injected = await experiment.InjectAsync(fault);
        var injectLatency = watch.Elapsed;

        watch.Restart();
        var lost = (await Assert.ThrowsAsync<ClusterUnreachableException>(() => NodeCountAsync(client)))!;
        var failedAfter = watch.Elapsed;

        watch.Restart();
        await injected.RevertAsync();
        var revertLatency = watch.Elapsed;
        var answered = await AnswersAgainAsync(client);
        TestContext.Progress.WriteLine($"{fault.Name}: injected in {injectLatency.TotalMilliseconds:0} ms, a call failed after {failedAfter.TotalMilliseconds:0} ms ({lost.Message}), reverted in {revertLatency.TotalMilliseconds:0} ms, answered again after {answered.TotalMilliseconds:0} ms");
        return new ExperimentResult(experiment.Run, lost);
    }

    private Task<TimeSpan> AnswersAgainAsync(KubernetesFleet client) => RegionProbe.AnswersAgainAsync(client, _region.Clusters[0]);

    private string JournalText(RunId run) => File.ReadAllText(JournalDirectory.JournalPath(_journal, run));

    [Test]
    public async Task A_frozen_region_hangs_the_harness_calls_until_they_time_out_then_answers_once_thawed()
    {
        var (run, lost) = await LoseRegionAsync(new RegionFreeze(_region));

        Assert.That(lost.InnerException, Is.Not.InstanceOf<HttpRequestException>(), $"a frozen region accepts connections and never answers: {lost}");
        Assert.That(lost.Message, Does.Contain("time").IgnoreCase);
        Assert.That(JournalText(run), Does.Contain(UnpauseUndoHandler.UndoKind).And.Contain(_region.ContainerId));
        Assert.That(await PausedAsync(), Is.False);
    }

    [Test]
    public async Task A_region_cut_off_the_network_refuses_the_harness_then_answers_once_reconnected()
    {
        var (run, lost) = await LoseRegionAsync(new RegionNetworkCut(_region));

        Assert.That(lost.Message, Does.Not.Contain("time").IgnoreCase, $"a cut region refuses at once rather than hanging: {lost}");
        Assert.That(JournalText(run), Does.Contain(NetworkReconnectUndoHandler.UndoKind).And.Contain(_region.NetworkName));
        Assert.That(await AliasesAsync(), Does.Contain(_region.NetworkAlias), "reconnected under its alias, so peers resolve it again");
    }

    [Test]
    public async Task A_region_left_frozen_by_an_experiment_is_thawed_when_the_experiment_ends()
    {
        await using (var experiment = await new ExperimentBuilder(_fleet, "left frozen").WithJournalDirectory(_journal).UseContainerRegions().StartAsync())
        {
            await experiment.InjectAsync(new RegionFreeze(_region));
            Assert.That(await PausedAsync(), Is.True);
        }

        Assert.That(await PausedAsync(), Is.False);
        using var client = Client();
        await AnswersAgainAsync(client);
    }

    [Test]
    public async Task Freezing_a_frozen_region_is_refused_and_changes_nothing()
    {
        await using var experiment = await new ExperimentBuilder(_fleet, "double freeze").WithJournalDirectory(_journal).UseContainerRegions().StartAsync();
        await experiment.InjectAsync(new RegionFreeze(_region));

        await Assert.ThrowsAsync(Is.InstanceOf<Exception>(), async () => await experiment.InjectAsync(new RegionFreeze(_region)));
        Assert.That(experiment.Faults, Has.Count.EqualTo(1));
    }

    private async Task<bool> PausedAsync()
    {
        using var docker = DockerEngine.CreateClient();
        return (await docker.Containers.InspectContainerAsync(_region.ContainerId)).State?.Paused == true;
    }

    private async Task<IList<string>> AliasesAsync()
    {
        using var docker = DockerEngine.CreateClient();
        var networks = (await docker.Containers.InspectContainerAsync(_region.ContainerId)).NetworkSettings?.Networks ?? new Dictionary<string, Docker.DotNet.Models.EndpointSettings>();
        return networks.TryGetValue(_region.NetworkName, out var endpoint) ? endpoint.Aliases ?? [] : [];
    }

    private sealed record ExperimentResult(RunId Run, ClusterUnreachableException Lost);
}
