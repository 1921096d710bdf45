using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Kube.Access;
using ChaosHarness.Kube;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>
/// How fast the harness sees a change and what it costs the API: the delay between an object's change on the server
/// and the experiment's state showing it (goal ≤ 1 fleet second at the default speed), and requests per experiment
/// minute per cluster (goal: one list per kind plus its watch).
/// </summary>
[Category("Benchmark")]
public class ObservationBenchmark
{
    private readonly TempDirectory _dir = new();
    private readonly FakeKubernetesApi _api = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    [Test]
    public async Task Against_an_api_server_over_http()
    {
        for (var i = 0; i < 12; i++)
        {
            _api.Put(ResourceKind.Node, FakeKubernetesApi.Node($"node-{i}", $"eu-west-1{(char)('a' + (i % 3))}"));
        }

        await using var server = await FakeApiServer.StartAsync(_api);
        var fleet = await FleetLoader.LoadAsync(server.WriteFleet(_dir.Path));
        await MeasureAsync(fleet, "fake API server", (node, value) =>
        {
            var body = _api.Get(ResourceKind.Node, null, node)!;
            body["metadata"]!["labels"]!["bench"] = value;
            _api.Put(ResourceKind.Node, body);
            return Task.CompletedTask;
        });
    }

    [Test]
    [Category("Integration")]
    public async Task Against_the_embedded_fleet()
    {
        await using var embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = Path.Combine(_dir.Path, "fleet") });
        var fleet = await FleetLoader.LoadAsync(embedded.FleetFilePath);
        using var admin = new KubernetesFleet(fleet);
        await MeasureAsync(fleet, "embedded fleet", (node, value) => admin["eu-west-1"].Rest.PatchAsync(
            ResourceKind.Node, null, node, PatchKind.Merge, new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { ["bench"] = value } } }, CancellationToken.None));
    }

    private async Task MeasureAsync(Core.Fleets.Fleet fleet, string against, Func<string, string, Task> change)
    {
        await using var experiment = await new ExperimentBuilder(fleet, "benchmark").WithJournalDirectory(Path.Combine(_dir.Path, "journal")).UseKubernetes().StartAsync();
        var clock = fleet.Clock;
        var from = clock.GetUtcNow();
        await experiment.WatchAsync(ResourceKind.Node, ResourceKind.Pod, ResourceKind.Deployment, ResourceKind.ReplicaSet, ResourceKind.Lease);
        var nodes = experiment.State.All(ResourceKind.Node, "eu-west-1").Select(n => n.Ref.Name).Take(12).ToList();

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 60; i++)
        {
            var node = nodes[i % nodes.Count];
            var expecting = experiment.ExpectAsync(new Labelled(ObjectRef.Node("eu-west-1", node), i.ToString()));
            await Drive.UntilAsync(() => experiment.Timeline.Snapshot().Count(e => e.Change.StartsWith("expecting", StringComparison.Ordinal)) == i + 1, "the expectation started");
            var changedAt = clock.GetUtcNow();
            await change(node, i.ToString());
            var result = await expecting.WaitAsync(TimeSpan.FromSeconds(30));
            delays.Add(result.DecidedAt - changedAt);
        }

        await Task.Delay(TimeSpan.FromSeconds(60) - (clock.GetUtcNow() - from) is var rest && rest > TimeSpan.Zero ? rest : TimeSpan.Zero, clock);
        var to = clock.GetUtcNow();
        delays.Sort();
        var p50 = delays[delays.Count / 2];
        var p95 = delays[(int)(delays.Count * 0.95)];
        var ledger = experiment.Kubernetes().Ledger;
        var requests = ledger.Requests.Where(r => r.At >= from && r.At <= to && r.Cluster == "eu-west-1").ToList();
        TestContext.Out.WriteLine($"{against}, speed {fleet.Speed}×: change → expectation met, delay p50 {p50.TotalSeconds:0.###} s, p95 {p95.TotalSeconds:0.###} s, max {delays[^1].TotalSeconds:0.###} s (fleet seconds, {delays.Count} changes)");
        TestContext.Out.WriteLine($"API requests over {(to - from).TotalMinutes:0.##} fleet minute(s) with 5 kinds watched, per cluster: {ledger.Rates(from, to).Replace(Environment.NewLine, "; ")}");

        // The goal is about the typical change; the tail on a 2-core machine shared with the fleet itself is reported, not asserted.
        Assert.That(p50, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)), "median change → expectation delay above 1 fleet second");
        Assert.That(requests.Count(r => !r.IsWatch), Is.EqualTo(5), "more than one list per kind");
        Assert.That(requests.Count(r => r.IsWatch), Is.EqualTo(5), "more than one watch per kind");
    }

    /// <summary>The node carries label bench=<paramref name="value"/>: an expectation as any other, for timing.</summary>
    private sealed class Labelled(ObjectRef node, string value) : Expectation
    {
        public override string Name => $"Labelled({node}, bench={value})";

        public override TimeSpan Deadline => TimeSpan.FromMinutes(1);

        protected internal override ExpectationCheck Check(ObservationContext context, DateTimeOffset now, bool deadlineReached)
            => context.State.Get(node)?.Label("bench") == value ? ExpectationCheck.Passed("labelled") : ExpectationCheck.Pending("not yet");
    }
}
