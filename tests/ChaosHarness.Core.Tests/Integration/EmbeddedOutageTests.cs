using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>
/// Zone and region outages on the embedded fleet, where they are physical (its control API): power loss of a zone, and
/// a region whose API servers hang — which the harness must survive while it goes on with the rest of the fleet.
/// Two regions, two zones per cluster, two nodes per zone, no traffic.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class EmbeddedOutageTests
{
    private const string LostRegion = "region-a";
    private const string LostCluster = "region-a-1";
    private const string OtherCluster = "region-b-1";
    private const string LostZone = "region-a-1a";
    private static readonly TimeSpan NodeDeadline = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _dir = new();
    private EmbeddedFleet _embedded = null!;
    private Core.Fleets.Fleet _fleet = null!;
    private EmbeddedFleetControl _control = null!;

    [OneTimeSetUp]
    public async Task StartFleetAsync()
    {
        _embedded = await EmbeddedFleet.StartAsync(new FleetOptions
        {
            StateDirectory = Path.Combine(_dir.Path, "fleet"),
            Topology = FleetTopology.Uniform(["region-a", "region-b"], zonesPerCluster: 2, nodesPerZone: 2, new NodeCapacity()),
            Traffic = new TrafficOptions { InstallDemoApp = false, InstallIngress = false, ServeHttp = false, LoadRequestsPerSecond = 0 },
        });
        _fleet = await FleetLoader.LoadAsync(_embedded.FleetFilePath);
        _control = new EmbeddedFleetControl(_fleet.ControlUrl!);
        await using var experiment = await Start("nodes ready");
        await experiment.WatchAsync(ResourceKind.Node);
        await UntilAsync(experiment, () => AllReady(experiment, LostCluster) && AllReady(experiment, OtherCluster), "every node Ready", NodeDeadline);
    }

    [OneTimeTearDown]
    public async Task StopFleetAsync()
    {
        _control.Dispose();
        await _embedded.DisposeAsync();
        _dir.Dispose();
    }

    private string Journal => Path.Combine(_dir.Path, "journal");

    private Task<Experiment> Start(string name, Core.Fleets.Fleet? fleet = null)
        => new ExperimentBuilder(fleet ?? _fleet, name).WithJournalDirectory(Journal).UseKubernetes().StartAsync();

    [Test]
    public async Task A_zone_outage_cuts_the_zones_power_and_its_revert_brings_every_node_back()
    {
        var before = await StateAsync();
        await using (var experiment = await Start("zone power loss"))
        {
            await experiment.WatchAsync(ResourceKind.Node);
            var outage = await experiment.InjectAsync(new ZoneOutage(LostCluster, LostZone));

            Assert.That(outage.Name, Is.EqualTo($"zone outage of {LostZone} in {LostCluster} (zone power loss)"));
            Assert.That((await _control.GetStateAsync()).Zones.Single(z => z.Name == LostZone).Powered, Is.False);
            await UntilAsync(experiment, () => ZoneNodes(experiment, LostCluster, LostZone).All(n => !IsReady(n)), $"the nodes of {LostZone} are NotReady", NodeDeadline);
            Assert.That(experiment.State.All(ResourceKind.Node, LostCluster).Where(n => n.Label(ZoneOutage.ZoneLabel) != LostZone).Select(IsReady), Has.All.True);

            await outage.RevertAsync();
            await UntilAsync(experiment, () => AllReady(experiment, LostCluster), $"the nodes of {LostZone} are Ready again", NodeDeadline);
        }

        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_region_outage_leaves_the_harness_working_with_the_rest_of_the_fleet_and_reverts_exactly()
    {
        var before = await StateAsync();
        RunId run;
        await using (var experiment = await Start("region outage"))
        {
            run = experiment.Run;
            await experiment.WatchAsync(ResourceKind.Node);
            var lostNode = experiment.State.All(ResourceKind.Node, LostCluster).First().Ref;
            var outage = await experiment.InjectAsync(new RegionOutage(LostRegion));

            Assert.That(outage.Name, Is.EqualTo($"region outage of {LostRegion} (region outage: machines and API servers)"));
            var state = await _control.GetStateAsync();
            Assert.That(state.Regions.Single(r => r.Name == LostRegion).Dark, Is.True);
            Assert.That(state.Clusters.Single(c => c.Name == LostCluster).ApiAnswering, Is.False);

            // The harness's own calls to the lost region fail at once rather than hang…
            var lost = await Assert.ThrowsAsync<ClusterUnreachableException>(
                () => experiment.Kubernetes()[LostCluster].Rest.GetAsync(ResourceKind.Node, null, lostNode.Name, experiment.Cancellation));
            Assert.That(lost!.LostByFault, Is.True);
            Assert.That(lost.Message, Does.Contain($"its region {LostRegion} is lost"));

            // …while it watches a kind it did not watch before, writes to and sees the other region.
            await experiment.WatchAsync(ResourceKind.Pod);
            var node = experiment.State.All(ResourceKind.Node, OtherCluster).First().Ref;
            await LabelAsync(experiment.Kubernetes(), node, "during-region-loss");
            await experiment.CatchUpAsync();
            Assert.That(experiment.State.Get(node)?.Label("chaos-test"), Is.EqualTo("during-region-loss"));
            await LabelAsync(experiment.Kubernetes(), node, null);

            await outage.RevertAsync();
            Assert.That((await _control.GetStateAsync()).Regions.Single(r => r.Name == LostRegion).Dark, Is.False);
            Assert.That(await experiment.Kubernetes()[LostCluster].Rest.GetAsync(ResourceKind.Node, null, lostNode.Name, experiment.Cancellation), Is.Not.Null);
            await UntilAsync(experiment, () => AllReady(experiment, LostCluster), $"the nodes of {LostCluster} are Ready after the region is back", NodeDeadline);
        }

        Assert.That(await StateAsync(), Is.EqualTo(before));
        var reverted = (await new JournalDirectory(Journal).ReadAsync(run)).Where(e => e.Kind == JournalEntryKind.Reverted).Select(e => e.Fault);
        Assert.That(reverted, Has.Some.StartsWith("region outage"));
    }

    [Test]
    public async Task A_region_outage_beyond_the_blast_radius_is_refused_and_changes_nothing()
    {
        var narrow = new Core.Fleets.Fleet(
            _fleet.Name, _fleet.Kind, _fleet.Clusters, _fleet.AllowList, BlastRadiusLimits.Default, _fleet.KubeconfigPath, _fleet.Speed, _fleet.StartedAt, _fleet.ControlUrl, _fleet.TrafficUrl, _fleet.SourcePath, _fleet.Clock);
        var before = await StateAsync();
        await using var experiment = await Start("region outage, narrow blast radius", narrow);

        var e = await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new RegionOutage(LostRegion)));

        Assert.That(e!.Message, Does.Contain("2 zones (region-a-1a, region-a-1b) but the blast radius allows at most 1"));
        Assert.That(await StateAsync(), Is.EqualTo(before));
        Assert.That((await new JournalDirectory(Journal).ReadAsync(experiment.Run)).Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.RunStarted }));
    }

    [Test]
    public async Task A_zone_of_another_cluster_is_refused_before_any_request()
    {
        var before = await StateAsync();
        await using var experiment = await Start("zone of another cluster");

        var e = await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new ZoneOutage(OtherCluster, LostZone)));

        Assert.That(e!.Message, Does.Contain($"cluster '{OtherCluster}' has no zone '{LostZone}'"));
        Assert.That(experiment.Kubernetes().Ledger.Requests, Is.Empty);
        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    /// <summary>The physical world and what an outage could leave on the nodes (labels, cordon, non-lifecycle taints).</summary>
    private async Task<string> StateAsync()
    {
        var control = await _control.GetStateAsync();
        var world = string.Join(";", control.Zones.Select(z => $"{z.Name} powered={z.Powered} partitioned={z.Partitioned}"))
                    + ";" + string.Join(";", control.Regions.Select(r => $"{r.Name} dark={r.Dark}"));
        using var kubernetes = new KubernetesFleet(_fleet);
        var nodes = new List<string>();
        foreach (var cluster in _fleet.Clusters)
        {
            var list = await kubernetes[cluster.Name].Rest.ListAsync(ResourceKind.Node, null, null, CancellationToken.None);
            nodes.AddRange(list.Items.OrderBy(n => n.Str("metadata.name")).Select(n =>
                $"{n.Str("metadata.name")} labels={Canonical(n.At("metadata.labels"))} unschedulable={n.Bool("spec.unschedulable") == true} taints={string.Join(",", n.Objects("spec.taints").Where(t => t.Str("key")?.StartsWith("node.kubernetes.io/", StringComparison.Ordinal) != true).Select(t => t.Str("key")))}"));
        }

        return world + "\n" + string.Join("\n", nodes);
    }

    private static string Canonical(JsonNode? map)
        => map is JsonObject o ? string.Join(",", o.Where(p => p.Value is not null).OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) : "";

    private static bool IsReady(ObservedObject node) => node.Body.Condition("Ready")?.Str("status") == "True";

    private static IEnumerable<ObservedObject> ZoneNodes(Experiment experiment, string cluster, string zone)
        => experiment.State.All(ResourceKind.Node, cluster).Where(n => n.Label(ZoneOutage.ZoneLabel) == zone);

    private static bool AllReady(Experiment experiment, string cluster)
        => experiment.State.All(ResourceKind.Node, cluster) is { Count: 4 } nodes && nodes.All(IsReady);

    private static Task LabelAsync(KubernetesFleet kubernetes, ObjectRef node, string? value)
        => kubernetes[node.Cluster].Rest.PatchAsync(ResourceKind.Node, null, node.Name, PatchKind.Merge,
            new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["chaos-test"] = value } } }, CancellationToken.None);

    /// <summary>Waits, on every change the watches deliver, until the condition holds or the fleet-time deadline passes.</summary>
    private async Task UntilAsync(Experiment experiment, Func<bool> condition, string what, TimeSpan fleetTimeout)
    {
        using var deadline = new CancellationTokenSource(fleetTimeout, _fleet.Clock);
        while (true)
        {
            var seen = experiment.State.Signal.Version;
            if (condition())
            {
                return;
            }

            try
            {
                await experiment.State.Signal.WaitPastAsync(seen, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Not seen within {fleetTimeout.TotalSeconds:0} fleet seconds: {what}.");
            }
        }
    }
}
