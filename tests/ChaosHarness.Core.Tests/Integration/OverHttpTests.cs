using System.Net;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>The harness against an API server over real HTTP (an in-process fake served by Kestrel), on an accelerated clock.</summary>
public class OverHttpTests
{
    private readonly TempDirectory _dir = new();
    private readonly FakeKubernetesApi _api = new();

    [SetUp]
    public void Nodes()
    {
        foreach (var zone in new[] { "eu-west-1a", "eu-west-1b", "eu-west-1c" })
        {
            for (var i = 1; i <= 2; i++)
            {
                _api.Put(ResourceKind.Node, FakeKubernetesApi.Node($"{zone}-{i}", zone));
            }
        }
    }

    [TearDown]
    public void Clean() => _dir.Dispose();

    private async Task<(FakeApiServer Server, Core.Fleets.Fleet Fleet)> ServeAsync()
    {
        var server = await FakeApiServer.StartAsync(_api);
        return (server, await FleetLoader.LoadAsync(server.WriteFleet(_dir.Path)));
    }

    [Test]
    public async Task A_429_storm_with_retry_after_delays_an_injection_but_does_not_fail_it()
    {
        var (server, fleet) = await ServeAsync();
        await using var _ = server;
        var throttled = 0;
        _api.Intercept = request =>
        {
            if (Interlocked.Increment(ref throttled) > 12)
            {
                return null;
            }

            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("Too many requests, please try again later.") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(2));
            return response;
        };
        await using var experiment = await new ExperimentBuilder(fleet, "throttled").WithJournalDirectory(Path.Combine(_dir.Path, "journal")).UseKubernetes().StartAsync();
        var started = fleet.Clock.GetUtcNow();
        var wall = System.Diagnostics.Stopwatch.StartNew();

        await using var fault = await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));

        TestContext.Out.WriteLine($"injected after {(fleet.Clock.GetUtcNow() - started).TotalSeconds:0.#} fleet s ({wall.Elapsed.TotalSeconds:0.##} wall s) through a 429 storm");
        var throttledAt = experiment.Kubernetes().Ledger.Requests.Where(r => r.StatusCode == 429).Select(r => r.At).ToList();
        var gaps = throttledAt.Zip(throttledAt.Skip(1), (a, b) => b - a).ToList();
        Assert.That(gaps, Has.All.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)).And.All.LessThan(TimeSpan.FromSeconds(8)), "the waits between throttled attempts did not follow Retry-After: 2");
        Assert.That(experiment.Kubernetes().Ledger.Requests.Count(r => r.StatusCode == 429), Is.EqualTo(12));
        Assert.That(_api.Get(ResourceKind.Node, null, "eu-west-1a-1")!.Bool("spec.unschedulable"), Is.True);
    }

    [Test]
    public async Task Watches_survive_a_dropped_connection_and_a_410_over_http()
    {
        var (server, fleet) = await ServeAsync();
        await using var _ = server;
        await using var experiment = await new ExperimentBuilder(fleet, "watch").WithDryRun().UseKubernetes().StartAsync();
        await experiment.WatchAsync(ResourceKind.Node);

        _api.DropWatches();
        Cordon("eu-west-1b-1");
        await Drive.UntilAsync(() => Seen(experiment, "eu-west-1b-1"), "the change after the dropped stream");

        _api.ExpireHistory();
        Cordon("eu-west-1c-2");
        await Drive.UntilAsync(() => Seen(experiment, "eu-west-1c-2"), "the change after the 410");

        var harness = experiment.Timeline.Snapshot().Select(e => e.Change).ToList();
        Assert.That(harness, Has.Some.Contains("expired (410): relisting"));
        Assert.That(experiment.Kubernetes().Ledger.Requests.Count(r => !r.IsWatch), Is.EqualTo(2), "one list, one relist");
    }

    private void Cordon(string node)
    {
        var body = _api.Get(ResourceKind.Node, null, node)!;
        body["spec"]!["unschedulable"] = true;
        _api.Put(ResourceKind.Node, body);
    }

    private static bool Seen(Experiment experiment, string node)
        => experiment.State.Get(ObjectRef.Node("eu-west-1", node))?.Body.Bool("spec.unschedulable") == true;
}
