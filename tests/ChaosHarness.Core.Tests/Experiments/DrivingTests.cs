using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;

namespace ChaosHarness.Core.Tests.Experiments;

public class DrivingTests
{
    private readonly FakeFleet _fake = new(new Core.Clock.AcceleratedTimeProvider(60));
    private readonly TempDirectory _dir = new();
    private static readonly ObjectRef Api = ObjectRef.Deployment("eu-west-1", "shop", "api");
    private static readonly ObjectRef Checkout = ObjectRef.Rollout("eu-west-1", "shop", "checkout");

    [SetUp]
    public void Workloads()
    {
        var deployment = Objects.Deployment("api", "1", 3, 3, 3, "NewReplicaSetAvailable");
        deployment["spec"]!["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "sidecar", ["image"] = "envoy:1" }, new JsonObject { ["name"] = "api", ["image"] = "shop/api:1" }) } };
        _fake.Api.Put(ResourceKind.Deployment, deployment);
        _fake.Api.Serve(ResourceKind.Rollout);
        _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 1, 20));
    }

    [TearDown]
    public void Clean() => _dir.Dispose();

    private Task<Experiment> StartAsync() => new ExperimentBuilder(_fake.Fleet, "drive").WithJournalDirectory(_dir.Path).UseKubernetes(_fake.Options()).StartAsync();

    [Test]
    public async Task Setting_an_image_changes_exactly_that_container_and_is_on_the_timeline()
    {
        await using var experiment = await StartAsync();

        await experiment.Drive().SetImageAsync(Api, "api", "shop/api:2");

        var containers = _fake.Api.Get(ResourceKind.Deployment, "shop", "api")!.Objects("spec.template.spec.containers").Select(c => $"{c.Str("name")}={c.Str("image")}");
        Assert.That(containers, Is.EqualTo(new[] { "sidecar=envoy:1", "api=shop/api:2" }));
        Assert.That(experiment.Timeline.Snapshot().Select(e => e.Change), Has.Some.EqualTo("set image api=shop/api:2"));
    }

    [Test]
    public async Task A_workload_outside_the_allow_list_is_refused_before_any_request()
    {
        await using var experiment = await StartAsync();

        await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.Drive().SetImageAsync(ObjectRef.Deployment("eu-west-1", "kube-system", "coredns"), "coredns", "x"));
        Assert.That(_fake.Api.Requests.Where(r => r.RequestUri!.AbsolutePath.Contains("kube-system")), Is.Empty);
    }

    [Test]
    public async Task Argo_abort_and_promote_patch_the_rollout_as_the_plugin_does()
    {
        await using var experiment = await StartAsync();

        await experiment.Drive().AbortAsync(Checkout);
        Assert.That(_fake.Api.Get(ResourceKind.Rollout, "shop", "checkout")!.Bool("status.abort"), Is.True);

        await experiment.Drive().RetryAsync(Checkout);
        await experiment.Drive().PromoteAsync(Checkout);
        var rollout = _fake.Api.Get(ResourceKind.Rollout, "shop", "checkout")!;
        Assert.That(rollout.Bool("status.abort"), Is.False);
        Assert.That(rollout.Bool("spec.paused"), Is.False);
        Assert.That(experiment.Timeline.Snapshot().Where(e => e.Kind == Timelines.TimelineEventKind.Action).Select(e => e.Change), Is.EqualTo(new[] { "abort", "retry", "promote" }));
    }

    [Test]
    public async Task A_dry_run_plans_the_drive_and_the_expectation_and_changes_nothing()
    {
        var output = new StringWriter();
        await using var experiment = await new ExperimentBuilder(_fake.Fleet, "plan").WithDryRun().WithOutput(output).UseKubernetes(_fake.Options()).StartAsync();

        await experiment.Drive().SetImageAsync(Api, "api", "shop/api:2");
        await experiment.Drive().AbortAsync(Checkout);
        var result = await experiment.ExpectAsync(Expect.Completes(Api, TimeSpan.FromMinutes(1)));

        Assert.That(output.ToString(), Does.Contain("[dry run] would set image api=shop/api:2 on Deployment shop/api in eu-west-1").And.Contain("[dry run] would abort").And.Contain("[dry run] would expect Completes("));
        Assert.That(result.Seen, Is.EqualTo("dry run: not evaluated"));
        Assert.That(_fake.Api.Requests.Select(r => r.Method.Method), Has.All.EqualTo("GET"));
    }

    [Test]
    public async Task Waiting_for_a_step_returns_when_the_rollout_reaches_it()
    {
        await using var experiment = await StartAsync();
        var waiting = experiment.ExpectAsync(Expect.Reaches(Checkout, TimeSpan.FromMinutes(5), step: 2, weight: 40));
        await Drive.UntilAsync(() => experiment.State.Get(Checkout) is not null, "the rollout is watched");
        Assert.That(waiting.IsCompleted, Is.False);

        _fake.Api.Put(ResourceKind.Rollout, Objects.Rollout("checkout", 2, 40));

        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(result.Seen, Is.EqualTo("step 2/5, canary weight 40"));
    }
}
