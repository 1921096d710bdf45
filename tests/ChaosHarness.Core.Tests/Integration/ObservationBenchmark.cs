using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kubernetes;

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
    public async Task Change_to_observation_delay_and_api_requests_per_minute()
    {
        for (var i = 0; i < 12; i++)
        {
            _api.Put(ResourceKind.Node, FakeKubernetesApi.Node($"node-{i}", $"eu-west-1{(char)('a' + (i % 3))}"));
        }

        await using var server = await FakeApiServer.StartAsync(_api);
        var fleet = await FleetLoader.LoadAsync(server.WriteFleet(_dir.Path));
        await using var experiment = await new ExperimentBuilder(fleet, "benchmark").WithDryRun().UseKubernetes().StartAsync();
        var clock = fleet.Clock;
        var from = clock.GetUtcNow();
        await experiment.WatchAsync(ResourceKind.Node, ResourceKind.Pod, ResourceKind.Deployment, ResourceKind.ReplicaSet, ResourceKind.Lease);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 60; i++)
        {
            var node = $"node-{i % 12}";
            var body = _api.Get(ResourceKind.Node, null, node)!;
            body["metadata"]!["labels"]!["bench"] = i.ToString();
            var changedAt = clock.GetUtcNow();
            var version = _api.Put(ResourceKind.Node, body).Str("metadata.resourceVersion")!;
            var seen = await experiment.State.WaitForVersionAsync(ObjectRef.Node("eu-west-1", node), version, changedAt + TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.That(seen, Is.True, $"change {i} was never seen");
            delays.Add(clock.GetUtcNow() - changedAt);
        }

        await Task.Delay(TimeSpan.FromSeconds(60) - (clock.GetUtcNow() - from) is var rest && rest > TimeSpan.Zero ? rest : TimeSpan.Zero, clock);
        var to = clock.GetUtcNow();
        delays.Sort();
        var p50 = delays[delays.Count / 2];
        var p95 = delays[(int)(delays.Count * 0.95)];
        var ledger = experiment.Kubernetes().Ledger;
        var requests = ledger.Requests.Where(r => r.At >= from && r.At <= to).ToList();
        TestContext.Out.WriteLine($"speed {fleet.Speed}×: change → observed delay p50 {p50.TotalSeconds:0.###} s, p95 {p95.TotalSeconds:0.###} s, max {delays[^1].TotalSeconds:0.###} s (fleet seconds, {delays.Count} changes)");
        TestContext.Out.WriteLine($"API requests over {(to - from).TotalMinutes:0.##} fleet minute(s) with 5 kinds watched: {ledger.Rates(from, to)}");

        Assert.That(p95, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)), "p95 change → observed delay above 1 fleet second");
        Assert.That(requests.Count(r => !r.IsWatch), Is.EqualTo(5), "more than one list per kind");
        Assert.That(requests.Count(r => r.IsWatch), Is.EqualTo(5), "more than one watch per kind");
    }
}
