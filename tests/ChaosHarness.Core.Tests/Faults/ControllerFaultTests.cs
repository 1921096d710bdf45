using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;

namespace ChaosHarness.Core.Tests.Faults;

public class ControllerFaultTests
{
    private static readonly ObjectRef Controller = ObjectRef.Deployment("eu-west-1", "argo-rollouts", "argo-rollouts");
    private readonly FakeFleet _fake = new(TimeProvider.System, allowList: AllowList.Namespaces(["shop", "argo-rollouts"]));
    private readonly TempDirectory _dir = new();

    [SetUp]
    public void ControllerDeployment()
    {
        _fake.Api.Serve(ApiThrottle.PriorityLevels);
        _fake.Api.Serve(ApiThrottle.FlowSchemas);
        var deployment = Objects.Deployment("argo-rollouts", "7", 1, 1, 1, "NewReplicaSetAvailable");
        deployment["metadata"]!["namespace"] = "argo-rollouts";
        deployment["spec"]!["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "argo-rollouts" } },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "controller", ["image"] = "argoproj/argo-rollouts:v1.7.2", ["args"] = new JsonArray("--leader-elect") }) },
        };
        _fake.Api.Put(ResourceKind.Deployment, deployment);
    }

    [TearDown]
    public void Clean() => _dir.Dispose();

    private Task<Experiment> StartAsync() => new ExperimentBuilder(_fake.Fleet, "controller faults").WithJournalDirectory(_dir.Path).UseKubernetes(_fake.Options()).StartAsync();

    private JsonNode Template() => _fake.Api.Get(ResourceKind.Deployment, "argo-rollouts", "argo-rollouts")!.At("spec.template")!;

    [Test]
    public async Task A_failed_upgrade_sets_the_bad_image_and_revert_restores_the_exact_template()
    {
        var before = Template().ToJsonString();
        await using (var experiment = await StartAsync())
        {
            await experiment.InjectAsync(new ControllerUpgrade(Controller, "argoproj/argo-rollouts:v1.8.0-crashloop", "controller"));
            Assert.That(Template().At("spec.containers") is JsonArray c ? c[0].Str("image") : null, Is.EqualTo("argoproj/argo-rollouts:v1.8.0-crashloop"));
        }

        Assert.That(Template().ToJsonString(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_fix_rolled_out_in_between_is_not_undone()
    {
        var experiment = await StartAsync();
        await experiment.InjectAsync(new ControllerUpgrade(Controller, "argoproj/argo-rollouts:bad", "controller"));
        await experiment.Drive().SetImageAsync(Controller, "controller", "argoproj/argo-rollouts:v1.7.3-hotfix");

        var e = await Assert.ThrowsAsync<AggregateException>(async () => await experiment.DisposeAsync());

        Assert.That(e!.InnerExceptions.Single().Message, Does.Contain("was changed since the fault set its template"));
        Assert.That(Template().At("spec.containers") is JsonArray c ? c[0].Str("image") : null, Is.EqualTo("argoproj/argo-rollouts:v1.7.3-hotfix"));
    }

    [Test]
    public async Task Api_throttling_creates_a_rejecting_priority_level_for_the_controller_and_revert_deletes_exactly_it()
    {
        await using (var experiment = await StartAsync())
        {
            await experiment.InjectAsync(new ApiThrottle("eu-west-1", ThrottleSubject.ServiceAccount("argo-rollouts", "argo-rollouts"), ThrottleLevel.Jail));

            var flowSchema = _fake.Api.All(ApiThrottle.FlowSchemas).Single();
            var level = _fake.Api.All(ApiThrottle.PriorityLevels).Single();
            Assert.That(flowSchema.Str("spec.priorityLevelConfiguration.name"), Is.EqualTo(level.Str("metadata.name")));
            Assert.That(flowSchema.Long("spec.matchingPrecedence"), Is.LessThan(900));
            Assert.That(flowSchema.Objects("spec.rules").Single().Objects("subjects").Single().Str("serviceAccount.name"), Is.EqualTo("argo-rollouts"));
            Assert.That(level.Str("spec.limited.limitResponse.type"), Is.EqualTo("Reject"));
            Assert.That(level.Long("spec.limited.nominalConcurrencyShares"), Is.Zero);
        }

        Assert.That(_fake.Api.All(ApiThrottle.FlowSchemas), Is.Empty);
        Assert.That(_fake.Api.All(ApiThrottle.PriorityLevels), Is.Empty);
    }

    [Test]
    public async Task Throttling_a_service_account_outside_the_allow_list_is_refused()
    {
        await using var experiment = await StartAsync();

        await Assert.ThrowsAsync<GuardrailViolationException>(() => experiment.InjectAsync(new ApiThrottle("eu-west-1", ThrottleSubject.ServiceAccount("kube-system", "deployment-controller"), ThrottleLevel.Jail)));
        Assert.That(_fake.Api.Requests, Is.Empty);
    }

    [Test]
    public async Task A_created_object_someone_replaced_is_not_deleted_by_a_crash_revert()
    {
        {
            var experiment = await StartAsync();
            await experiment.InjectAsync(new ApiThrottle("eu-west-1", ThrottleSubject.ServiceAccount("argo-rollouts", "argo-rollouts"), ThrottleLevel.Jail));
            await experiment.Journal!.DisposeAsync();
        }

        var flowSchema = _fake.Api.All(ApiThrottle.FlowSchemas).Single();
        flowSchema["metadata"]!["labels"] = new JsonObject { ["owner"] = "a-person" };
        _fake.Api.Put(ApiThrottle.FlowSchemas, flowSchema);
        using var kubernetes = _fake.Connect();

        var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(_dir.Path));

        Assert.That(report.Succeeded, Is.False);
        Assert.That(report.ToString(), Does.Contain("not labelled as created by run"));
        Assert.That(_fake.Api.All(ApiThrottle.FlowSchemas), Has.Count.EqualTo(1));
        Assert.That(_fake.Api.All(ApiThrottle.PriorityLevels), Is.Empty);
    }
}
