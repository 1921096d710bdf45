using System.Net;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.StopConditions;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Core.Tests.Experiments;

public class ExperimentTests
{
    private readonly FakeFleet _fake = new(new AcceleratedTimeProvider(60));
    private readonly TempDirectory _dir = new();

    [TearDown]
    public void Clean() => _dir.Dispose();

    private ExperimentBuilder Builder() => new ExperimentBuilder(_fake.Fleet, "experiment test")
        .WithJournalDirectory(_dir.Path)
        .UseKubernetes(_fake.Options());

    private bool AnyNodeTouched() => _fake.Api.All(ResourceKind.Node).Any(n => n.Bool("spec.unschedulable") == true || n.Objects("spec.taints").Any());

    private sealed class Backend(Func<bool> healthy) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(healthy() ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable);
            response.Headers.Add("X-Served-Region", "eu-west");
            return Task.FromResult(response);
        }
    }

    [Test]
    public async Task On_a_fast_fleet_the_traffic_probe_has_room_for_a_whole_timeout_of_requests()
    {
        Assert.That(_fake.Fleet.Speed, Is.EqualTo(60), "the fleet's speed is its clock's");
        await using var experiment = await Builder().StartAsync();

        var probe = experiment.StartTrafficProbe(new Uri("http://probe.invalid/"), handler: new Backend(() => true));

        Assert.That(probe.Options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2 * _fake.Fleet.Speed)), "a round trip keeps its wall-clock floor");
        Assert.That(probe.Options.MaxInFlight, Is.EqualTo((int)Math.Ceiling(probe.Options.RequestsPerSecond * probe.Options.Timeout.TotalSeconds)));
    }

    [Test]
    public async Task An_unhealthy_fleet_makes_the_experiment_inconclusive_and_nothing_is_injected()
    {
        var node = _fake.Api.Get(ResourceKind.Node, null, "eu-west-1b-1")!;
        node["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "Unknown" }) };
        _fake.Api.Put(ResourceKind.Node, node);
        await using var experiment = await Builder().StartAsync();

        var e = (await Assert.ThrowsAsync<ExperimentInconclusiveException>(() => experiment.VerifySteadyStateAsync(SteadyStateHypothesis.Builder("all nodes ready").NodesReady().Build())))!;

        Assert.That(e.Message, Does.StartWith("Steady state not met: ").And.Contain("Nothing was injected").And.Contain("eu-west-1b-1 (not ready)"));
        Assert.That(experiment.Faults, Is.Empty);
        Assert.That(_fake.Api.Requests.Select(r => r.Method.Method), Has.All.EqualTo("GET"));
    }

    [Test]
    public async Task A_healthy_fleet_passes_the_steady_state_check()
    {
        await using var experiment = await Builder().StartAsync();

        var report = await experiment.VerifySteadyStateAsync(SteadyStateHypothesis.Builder("all nodes ready").NodesReady().Build());

        Assert.That(report.Healthy, Is.True);
        Assert.That(report.ToString(), Does.Contain("6 nodes ready"));
    }

    [Test]
    public async Task Disposing_the_experiment_reverts_after_a_failed_expectation()
    {
        var experiment = await Builder().StartAsync();
        await experiment.WatchAsync(ResourceKind.Node);
        await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));

        await Assert.ThrowsAsync<ExpectationFailedException>(() => experiment.ExpectAsync(Expect.Recovers(SteadyStateHypothesis.Builder("nodes").NodesReady().Build(), TimeSpan.FromSeconds(5))));
        Assert.That(AnyNodeTouched(), Is.True);

        await experiment.DisposeAsync();

        Assert.That(AnyNodeTouched(), Is.False);
        var entries = await new JournalDirectory(_dir.Path).ReadAsync(experiment.Run);
        Assert.That(entries.Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.RunStarted, JournalEntryKind.Intent, JournalEntryKind.Injected, JournalEntryKind.Reverted, JournalEntryKind.RunFinished }));
    }

    [Test]
    public async Task Cancelling_the_run_cancels_the_wait_and_disposing_still_reverts()
    {
        using var cancellation = new CancellationTokenSource();
        var experiment = await new ExperimentBuilder(_fake.Fleet, "cancelled").WithJournalDirectory(_dir.Path).UseKubernetes(_fake.Options()).StartAsync(cancellation.Token);
        await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1c"));
        var waiting = experiment.ExpectAsync(Expect.Halts(ObjectRef.Rollout("eu-west-1", "shop", "never"), TimeSpan.FromHours(1), TimeSpan.FromHours(1)));

        await cancellation.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        await experiment.DisposeAsync();
        Assert.That(AnyNodeTouched(), Is.False);
    }

    [Test]
    public async Task A_stop_condition_reverts_at_once_and_fails_the_experiment_with_its_reason()
    {
        var healthy = true;
        var experiment = await Builder().StopWhen(new ErrorBudgetBurn(budget: 0.01, maxBurnRate: 10, window: TimeSpan.FromSeconds(5))).StartAsync();
        experiment.StartTrafficProbe(new Uri("http://shop.test/"), handler: new Backend(() => healthy));
        await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));

        healthy = false;
        var e = (await Assert.ThrowsAsync<ExperimentStoppedException>(() => experiment.ExpectAsync(Expect.Halts(ObjectRef.Rollout("eu-west-1", "shop", "checkout"), TimeSpan.FromHours(1), TimeSpan.FromHours(1)))))!;

        Assert.That(e.Reason, Does.StartWith("error budget 1.00% burning faster than 10× over 5s").And.Contain("requests failed in the last 5s"));
        Assert.That(AnyNodeTouched(), Is.False, "the stop condition did not revert the fault");
        Assert.That(experiment.Faults.Single().RevertedAt, Is.Not.Null);
        Assert.That(e.Message, Does.StartWith("Expectation failed: a stop condition ended the experiment").And.Contain("stop condition tripped"));
        await experiment.DisposeAsync();
    }

    [Test]
    public async Task Stopping_from_outside_reverts_at_once_and_ends_what_the_experiment_waits_for()
    {
        var experiment = await Builder().StartAsync();
        await experiment.InjectAsync(new ZoneOutage("eu-west-1", "eu-west-1a"));
        Assert.That(AnyNodeTouched(), Is.True);
        var waiting = experiment.ExpectAsync(Expect.Halts(ObjectRef.Rollout("eu-west-1", "shop", "checkout"), TimeSpan.FromHours(1), TimeSpan.FromHours(1)));

        await experiment.StopAsync("Ctrl-C");

        var e = (await Assert.ThrowsAsync<ExperimentStoppedException>(() => waiting))!;
        Assert.That(e.Reason, Is.EqualTo("Ctrl-C"));
        Assert.That(e.FromOutside, Is.True);
        Assert.That(e.Message, Does.StartWith("The experiment was stopped and its faults were reverted: Ctrl-C"));
        Assert.That(AnyNodeTouched(), Is.False, "stopping did not revert the fault");
        Assert.That(experiment.Timeline.Format(), Does.Contain("stopped: Ctrl-C; reverting every fault"));
        await experiment.DisposeAsync();
    }
}
