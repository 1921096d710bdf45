using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>Expectations against the embedded fleet's own controllers: each passes on its behaviour and fails without it.</summary>
[Category("Integration")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class EmbeddedFleetExpectationTests
{
    private const string Cluster = "eu-west-1";
    private const string BadImage = "web:never-ready";
    private readonly TempDirectory _dir = new();
    private EmbeddedFleet _embedded = null!;
    private Core.Fleets.Fleet _fleet = null!;
    private int _workloads;

    [OneTimeSetUp]
    public async Task StartFleetAsync()
    {
        _embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = Path.Combine(_dir.Path, "fleet") });
        _embedded[Cluster].PodBehaviours.Use(BadImage, PodBehaviour.NeverReady);
        _fleet = await FleetLoader.LoadAsync(_embedded.FleetFilePath);
    }

    [OneTimeTearDown]
    public async Task StopFleetAsync()
    {
        await _embedded.DisposeAsync();
        _dir.Dispose();
    }

    private Task<Experiment> StartAsync() => new ExperimentBuilder(_fleet, TestContext.CurrentContext.Test.Name).WithJournalDirectory(Path.Combine(_dir.Path, "journal")).UseKubernetes().StartAsync();

    /// <summary>A fresh, complete Deployment of 4 replicas (maxSurge 1, maxUnavailable 0) in its own namespace.</summary>
    private async Task<ObjectRef> DeployAsync(Experiment experiment)
    {
        var ns = $"expect-{Interlocked.Increment(ref _workloads)}";
        var web = ObjectRef.Deployment(Cluster, ns, "web");
        await experiment.Drive().EnsureExistsAsync(Cluster, ResourceKind.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } });
        await experiment.Drive().EnsureExistsAsync(Cluster, ResourceKind.Deployment, new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 4,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 0, ["maxSurge"] = 1 } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = "web:1" }) },
                },
            },
        });
        await experiment.ExpectAsync(Expect.Completes(web, TimeSpan.FromMinutes(5)));
        return web;
    }

    [Test]
    public async Task A_rollout_to_a_never_ready_image_halts()
    {
        await using var experiment = await StartAsync();
        var web = await DeployAsync(experiment);

        await experiment.Drive().SetImageAsync(web, "web", BadImage);
        var result = await experiment.ExpectAsync(Expect.Halts(web, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(60)));

        Assert.That(result.Seen, Does.StartWith("held at 1/4 updated"));
    }

    [Test]
    public async Task A_healthy_rollout_does_not_halt_and_the_failure_says_what_it_did_instead()
    {
        await using var experiment = await StartAsync();
        var web = await DeployAsync(experiment);

        await experiment.Drive().SetImageAsync(web, "web", "web:2");
        var e = await Assert.ThrowsAsync<ExpectationFailedException>(() => experiment.ExpectAsync(Expect.Halts(web, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(60))));

        Assert.That(e!.Message, Does.StartWith($"Expectation failed: Halts({web}, within 30s, held 60s)"));
        Assert.That(e.Result.Seen, Does.Contain("did not halt: 4/4 updated, complete"));
        Assert.That(e.TimelineExcerpt, Does.Contain("set image web=web:2"));
    }

    [Test]
    public async Task Reverting_a_failed_upgrade_rolls_the_deployment_back_to_its_previous_revision()
    {
        await using var experiment = await StartAsync();
        var web = await DeployAsync(experiment);
        var fault = await experiment.InjectAsync(new ControllerUpgrade(web, BadImage, "web"));
        await experiment.ExpectAsync(Expect.Halts(web, within: TimeSpan.FromSeconds(30), holdFor: TimeSpan.FromSeconds(30)));

        // Watched beforehand, the expectation takes its starting point when it is asked for, not after the revert.
        await experiment.WatchAsync(ResourceKind.Deployment, ResourceKind.ReplicaSet);
        var rollsBack = experiment.ExpectAsync(Expect.RollsBack(web, within: TimeSpan.FromMinutes(2)));

        await fault.RevertAsync();

        var result = await rollsBack;
        Assert.That(result.Seen, Does.StartWith("revision 2 → 3").And.EndWith("(an earlier revision's)"));
        await experiment.ExpectAsync(Expect.Completes(web, TimeSpan.FromMinutes(2)));
    }

    [Test]
    public async Task A_deployment_left_on_the_bad_revision_has_not_rolled_back()
    {
        await using var experiment = await StartAsync();
        var web = await DeployAsync(experiment);
        await experiment.InjectAsync(new ControllerUpgrade(web, BadImage, "web"));

        var e = await Assert.ThrowsAsync<ExpectationFailedException>(() => experiment.ExpectAsync(Expect.RollsBack(web, within: TimeSpan.FromSeconds(30))));

        Assert.That(e!.Result.Seen, Does.Contain("not seen within 30s; seen instead: revision 2 → 2"));
    }
}
