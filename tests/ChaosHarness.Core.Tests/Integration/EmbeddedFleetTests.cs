using System.Diagnostics;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;
using ChaosHarness.Kube.Watching;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>The harness against the embedded fleet: its real API servers over HTTP, through the kubeconfig it writes.</summary>
[Category("Integration")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class EmbeddedFleetTests
{
    private const string Cluster = "eu-west-1";
    private const string Zone = "eu-west-1b";
    private readonly TempDirectory _dir = new();
    private EmbeddedFleet _embedded = null!;
    private Core.Fleets.Fleet _fleet = null!;

    [OneTimeSetUp]
    public async Task StartFleetAsync()
    {
        _embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = Path.Combine(_dir.Path, "fleet"), WatchHistoryCapacity = 50 });
        _fleet = await FleetLoader.LoadAsync(_embedded.FleetFilePath);

        // The fleet brings its nodes up on its own clock: wait until all of them are registered and Ready.
        var expected = _embedded[Cluster].Topology.NodesPerZone * _embedded[Cluster].Zones.Count;
        await using var experiment = await new ExperimentBuilder(_fleet, "nodes ready").WithJournalDirectory(Journal).UseKubernetes().StartAsync();
        await experiment.WatchAsync(ResourceKind.Node);
        await Drive.UntilAsync(
            () => experiment.State.All(ResourceKind.Node, Cluster) is { } nodes && nodes.Count == expected && nodes.All(n => n.Body.Condition("Ready")?.Str("status") == "True"),
            $"the {expected} nodes of {Cluster} are Ready",
            TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopFleetAsync()
    {
        await _embedded.DisposeAsync();
        _dir.Dispose();
    }

    private string Journal => Path.Combine(_dir.Path, "journal");

    /// <summary>
    /// What a zone outage could touch on every node, as text: labels, annotations, schedulability, taints — less the
    /// taints the node lifecycle keeps itself (<c>node.kubernetes.io/*</c>), which follow schedulability on their own time.
    /// </summary>
    private async Task<string> SnapshotAsync()
    {
        using var kubernetes = new KubernetesFleet(_fleet);
        var nodes = await kubernetes[Cluster].Rest.ListAsync(ResourceKind.Node, null, null, CancellationToken.None);
        return string.Join("\n", nodes.Items.OrderBy(n => n.Str("metadata.name")).Select(n =>
            $"{n.Str("metadata.name")} labels={Canonical(n.At("metadata.labels"))} annotations={Canonical(n.At("metadata.annotations"))} unschedulable={n.Bool("spec.unschedulable") == true} taints={string.Join(",", n.Objects("spec.taints").Where(t => t.Str("key")?.StartsWith("node.kubernetes.io/", StringComparison.Ordinal) != true).Select(t => $"{t.Str("key")}={t.Str("value")}:{t.Str("effect")}").Order())}"));
    }

    private static string Canonical(JsonNode? map)
        => map is JsonObject o ? string.Join(",", o.Where(p => p.Value is not null).OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) : "";

    [Test]
    public async Task An_emulated_zone_outage_is_injected_and_reverted_exactly_through_the_fleets_api()
    {
        var before = await SnapshotAsync();
        await using (var experiment = await new ExperimentBuilder(_fleet, "zone outage").WithJournalDirectory(Journal).UseKubernetes().StartAsync())
        {
            await experiment.WatchAsync(ResourceKind.Node);
            await experiment.InjectAsync(ZoneOutage.Emulated(Cluster, Zone));

            var zoneNodes = experiment.State.All(ResourceKind.Node, Cluster).Where(n => n.Label(ZoneOutage.ZoneLabel) == Zone).ToList();
            Assert.That(zoneNodes, Is.Not.Empty);
            Assert.That(zoneNodes.Select(n => n.Body.Bool("spec.unschedulable")), Has.All.True, "the watch did not show the outage after injecting");
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_run_killed_after_cutting_a_zones_power_is_reverted_exactly_by_chaos_revert()
    {
        using var control = new EmbeddedFleetControl(_fleet.ControlUrl!);
        var before = await SnapshotAsync();
        Assert.That(await PoweredAsync(control), Is.True);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "chaos.dll"), "inject", "zone-outage", "--fleet", _embedded.FleetFilePath, "--cluster", Cluster, "--zone", Zone, "--journal", Journal })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new List<string>();
        var injected = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? "");
            }

            if (e.Data?.StartsWith("injected", StringComparison.Ordinal) == true)
            {
                injected.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Add(e.Data ?? "");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await injected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail("chaos inject did not inject:\n" + string.Join("\n", output));
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.That(await PoweredAsync(control), Is.False, "the embedded fleet's zone outage is a power loss");

        using var kubernetes = new KubernetesFleet(_fleet);
        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(Journal));

        Assert.That(report.Succeeded, Is.True, report.ToString());
        Assert.That(report.ToString(), Does.Contain("zone power loss"));
        Assert.That(await PoweredAsync(control), Is.True);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That((await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(Journal))).Faults, Is.Empty);
    }

    private async Task<bool> PoweredAsync(EmbeddedFleetControl control)
        => (await control.GetStateAsync()).Zones.Single(z => z.Name == Zone).Powered;

    [Test]
    public async Task A_dry_run_sends_no_mutating_request_to_the_fleet()
    {
        using var control = new EmbeddedFleetControl(_fleet.ControlUrl!);
        var before = await SnapshotAsync();
        await using (var experiment = await new ExperimentBuilder(_fleet, "dry").WithDryRun().UseKubernetes().StartAsync())
        {
            await experiment.InjectAsync(ZoneOutage.Emulated(Cluster, Zone));
            await experiment.InjectAsync(new ZoneOutage(Cluster, Zone));
            Assert.That(experiment.Kubernetes().Ledger.Mutating, Is.Empty);
            Assert.That(experiment.Kubernetes().Ledger.Requests, Is.Not.Empty);
        }

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That(await PoweredAsync(control), Is.True, "a dry run's zone power loss only reads the fleet's state");
    }

    [Test]
    public async Task Watches_survive_a_dropped_connection_and_an_expired_resource_version()
    {
        var gate = new WatchGate();
        using var kubernetes = new KubernetesFleet(_fleet, new KubernetesFleetOptions { Transport = _ => gate });
        using var admin = new KubernetesFleet(_fleet);
        var state = new ObservedState(new Timelines.Timeline(_fleet.Clock));
        await using var watcher = new ResourceWatcher(kubernetes[Cluster], ResourceKind.Node, null, state, _fleet.Clock);
        watcher.Start();
        await watcher.Synced.WaitAsync(TimeSpan.FromSeconds(30));
        var node = state.All(ResourceKind.Node, Cluster).First().Ref;

        _embedded[Cluster].Store.CloseAllWatches();
        await LabelAsync(admin, node.Name, "after-drop");
        await Drive.UntilAsync(() => state.Get(node)?.Label("chaos-test") == "after-drop", "the change after the dropped connection", TimeSpan.FromSeconds(30));
        Assert.That(watcher.Relists, Is.Zero, "a dropped stream should resume, not relist");

        // Hold the next watch back while more changes than the fleet keeps in its watch history go by.
        gate.Close();
        _embedded[Cluster].Store.CloseAllWatches();
        for (var i = 0; i < 60; i++)
        {
            await LabelAsync(admin, node.Name, $"churn-{i}");
        }

        gate.Open();
        await Drive.UntilAsync(() => state.Get(node)?.Label("chaos-test") == "churn-59", "the last change after the history expired", TimeSpan.FromSeconds(30));
        Assert.That(watcher.Relists, Is.EqualTo(1), "the watch should have been told its version expired and relisted");
        await LabelAsync(admin, node.Name, null);
    }

    /// <summary>Passes requests to the network, holding new watch requests while closed.</summary>
    private sealed class WatchGate : DelegatingHandler
    {
        private volatile TaskCompletionSource _open = Opened();

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                await _open.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    private static Task LabelAsync(KubernetesFleet kubernetes, string node, string? value)
        => kubernetes[Cluster].Rest.PatchAsync(ResourceKind.Node, null, node, PatchKind.Merge, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["chaos-test"] = value } } }, CancellationToken.None);
}
