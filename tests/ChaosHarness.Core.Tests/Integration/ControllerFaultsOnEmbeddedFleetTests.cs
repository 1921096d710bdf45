using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;
using ChaosHarness.Kube;
using ChaosHarness.Kube.Faults;
using ChaosHarness.Kube.Journal;
using ChaosHarness.Kube.Waves;

namespace ChaosHarness.Core.Tests.Integration;

/// <summary>
/// API throttling, controller upgrades and fleet upgrades in waves against the embedded fleet's API servers and its
/// argo-rollouts controller Deployments: each takes effect, and is undone exactly.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[FixtureLifeCycle(LifeCycle.SingleInstance)]
public class ControllerFaultsOnEmbeddedFleetTests
{
    private const string GoodImage = "quay.io/argoproj/argo-rollouts:v1.8.0";
    private const string CrashingImage = "quay.io/argoproj/argo-rollouts:v1.8.0-crashloop";
    private static readonly ThrottleSubject RolloutController = ThrottleSubject.ServiceAccount(ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.Name);
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
            Topology = FleetTopology.Uniform(["eu-west", "us-east", "ap-southeast"], zonesPerCluster: 1, nodesPerZone: 2, new NodeCapacity()),
            Traffic = TrafficOptions.WithoutWorkloads,
        });
        _fleet = await FleetLoader.LoadAsync(_embedded.FleetFilePath);
        _control = new EmbeddedFleetControl(_fleet.ControlUrl!);
    }

    [OneTimeTearDown]
    public async Task StopFleetAsync()
    {
        _control.Dispose();
        await _embedded.DisposeAsync();
        _dir.Dispose();
    }

    private string Canary => _fleet.Clusters[0].Name;

    private ObjectRef Controller(string cluster) => ObjectRef.Deployment(cluster, ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.Name);

    private async Task<Experiment> StartAsync()
    {
        var experiment = await new ExperimentBuilder(_fleet, TestContext.CurrentContext.Test.Name).WithJournalDirectory(Path.Combine(_dir.Path, "journal")).UseKubernetes().StartAsync();
        foreach (var cluster in _fleet.Clusters)
        {
            await experiment.ExpectAsync(Expect.Completes(Controller(cluster.Name), TimeSpan.FromMinutes(5)));
        }

        return experiment;
    }

    private async Task<JsonObject> GetAsync(Experiment experiment, ObjectRef deployment)
        => (await experiment.Kubernetes().Connect(deployment.Cluster).Rest.GetAsync(deployment.Kind, deployment.Namespace, deployment.Name, CancellationToken.None))!;

    private async Task<PriorityLevelState?> LevelAsync(string cluster, string name)
        => (await _control.GetStateAsync()).Clusters.Single(c => c.Name == cluster).PriorityLevels.SingleOrDefault(l => l.Name == name);

    /// <summary>The priority level once <paramref name="condition"/> holds, read from the control API each fleet second up to the deadline.</summary>
    private async Task<PriorityLevelState> LevelWhenAsync(string cluster, string name, Func<PriorityLevelState, bool> condition, TimeSpan within)
    {
        var deadline = _fleet.Clock.GetUtcNow() + within;
        while (true)
        {
            var level = await LevelAsync(cluster, name);
            if (level is not null && condition(level))
            {
                return level;
            }

            if (_fleet.Clock.GetUtcNow() >= deadline)
            {
                Assert.Fail($"priority level {name} in {cluster} did not meet the condition within {within.TotalSeconds} fleet s: {level?.ToString() ?? "absent"}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _fleet.Clock);
        }
    }

    [Test]
    public async Task A_jail_refuses_every_request_of_the_rollout_controller_and_revert_deletes_the_level()
    {
        await using var experiment = await StartAsync();
        var jail = await experiment.InjectAsync(new ApiThrottle(Canary, RolloutController, ThrottleLevel.Jail));
        var name = ApiThrottle.ObjectName(experiment.Run, jail.Id);

        // The controller renews its leader Lease every 2 s: refused, over and over, while the jail holds.
        var jailed = await LevelWhenAsync(Canary, name, l => l.RejectedRequests > 0, within: TimeSpan.FromSeconds(30));
        Assert.That(jailed.NominalSeats, Is.Zero);
        await jail.RevertAsync();

        Assert.That(await LevelAsync(Canary, name), Is.Null, "the priority level is gone");
        var rest = experiment.Kubernetes().Connect(Canary).Rest;
        Assert.That(await rest.GetAsync(ApiThrottle.FlowSchemas, null, name, CancellationToken.None), Is.Null);
        Assert.That(await rest.GetAsync(ApiThrottle.PriorityLevels, null, name, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_squeeze_leaves_the_controller_a_few_seats_that_it_cannot_borrow_beyond()
    {
        await using var experiment = await StartAsync();
        var squeeze = await experiment.InjectAsync(new ApiThrottle(Canary, RolloutController, ThrottleLevel.Squeeze(1)));
        var name = ApiThrottle.ObjectName(experiment.Run, squeeze.Id);

        var level = await LevelAsync(Canary, name);
        var body = await experiment.Kubernetes().Connect(Canary).Rest.GetAsync(ApiThrottle.PriorityLevels, null, name, CancellationToken.None);

        Assert.That(level, Is.Not.Null);
        Assert.That(level!.NominalSeats, Is.InRange(1, 5), "a share of one is a few of the server's 600 seats");
        Assert.That(body.Long("spec.limited.borrowingLimitPercent"), Is.Zero);
        Assert.That((body!.At("metadata.labels") as JsonObject)?[NodeOutageMarks.RunLabel]?.GetValue<string>(), Is.EqualTo(experiment.Run.Value));
        await squeeze.RevertAsync();
        Assert.That(await LevelAsync(Canary, name), Is.Null);
    }

    [Test]
    public async Task Throttling_a_user_matches_the_user_subject_and_touches_no_namespace()
    {
        var throttle = new ApiThrottle(Canary, ThrottleSubject.User("alice@example.com"), ThrottleLevel.Jail);
        await using var experiment = await StartAsync();

        var injected = await experiment.InjectAsync(throttle);
        var schema = await experiment.Kubernetes().Connect(Canary).Rest.GetAsync(ApiThrottle.FlowSchemas, null, ApiThrottle.ObjectName(experiment.Run, injected.Id), CancellationToken.None);

        Assert.That(throttle.Target.Namespace, Is.Null);
        Assert.That(schema!.Objects("spec.rules").Single().Objects("subjects").Single().Str("user.name"), Is.EqualTo("alice@example.com"));
    }

    [Test]
    public async Task An_upgrade_sets_the_image_and_its_undo_restores_the_exact_template_under_a_new_revision()
    {
        await using var experiment = await StartAsync();
        var controller = Controller(Canary);
        var before = await GetAsync(experiment, controller);

        var upgrade = await experiment.InjectAsync(new ControllerUpgrade(controller, GoodImage));
        await experiment.ExpectAsync(Expect.Completes(controller, TimeSpan.FromMinutes(3)));
        var upgraded = await GetAsync(experiment, controller);
        await experiment.WatchAsync(ResourceKind.Deployment, ResourceKind.ReplicaSet);
        var rollsBack = experiment.ExpectAsync(Expect.RollsBack(controller, TimeSpan.FromMinutes(3)));
        await upgrade.RevertAsync();
        await rollsBack;
        var after = await GetAsync(experiment, controller);

        Assert.That(upgraded.Objects("spec.template.spec.containers").Single().Str("image"), Is.EqualTo(GoodImage));
        Assert.That(after.At("spec.template")!.ToJsonString(), Is.EqualTo(before.At("spec.template")!.ToJsonString()));
        Assert.That(Revision(after), Is.GreaterThan(Revision(upgraded)));
    }

    private static long Revision(JsonObject deployment) => long.Parse(deployment.At("metadata.annotations")!["deployment.kubernetes.io/revision"]!.GetValue<string>());

    [Test]
    public async Task Upgrading_to_the_image_already_running_is_refused_and_changes_nothing()
    {
        await using var experiment = await StartAsync();
        var before = await GetAsync(experiment, Controller(Canary));

        var same = await Assert.ThrowsAsync<InvalidOperationException>(async () => await experiment.InjectAsync(new ControllerUpgrade(Controller(Canary), ArgoRolloutsInstall.Image)));
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(async () => await experiment.InjectAsync(new ControllerUpgrade(Controller(Canary), GoodImage, "no-such-container")));

        Assert.That(same!.Message, Does.Contain("already runs"));
        Assert.That(missing!.Message, Does.Contain("no container 'no-such-container'"));

        Assert.That((await GetAsync(experiment, Controller(Canary))).Str("metadata.resourceVersion"), Is.EqualTo(before.Str("metadata.resourceVersion")));
        Assert.That(experiment.Faults, Is.Empty);
    }

    [Test]
    public async Task A_healthy_upgrade_goes_through_every_wave()
    {
        await using var experiment = await StartAsync();
        var upgrade = new DeploymentUpgrade(experiment, ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.Name, GoodImage);
        var plan = WavePlan.CanaryThenRegions(_fleet, Canary);

        var result = await new FleetUpgrade(upgrade, plan, experiment.Timeline).RunAsync();

        Assert.That(plan.Waves.Select(w => w.Clusters.Count), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(result.Completed, Is.True, result.ToString());
        Assert.That(result.In(ClusterUpgradeState.Upgraded), Is.EquivalentTo(_fleet.Clusters.Select(c => c.Name)));
        foreach (var cluster in _fleet.Clusters)
        {
            Assert.That((await GetAsync(experiment, Controller(cluster.Name))).Objects("spec.template.spec.containers").Single().Str("image"), Is.EqualTo(GoodImage));
        }

        await upgrade.RollBackAllAsync();
        Assert.That(upgrade.Applied, Is.Empty);
    }

    [Test]
    public async Task A_bad_image_halts_at_the_canary_cluster_is_rolled_back_there_and_the_next_clusters_are_never_touched()
    {
        await using var experiment = await StartAsync();
        var canaryBefore = await GetAsync(experiment, Controller(Canary));
        var others = _fleet.Clusters.Skip(1).Select(c => c.Name).ToList();
        var generations = new Dictionary<string, string?>();
        foreach (var cluster in others)
        {
            generations[cluster] = (await GetAsync(experiment, Controller(cluster))).Str("metadata.generation");
        }

        var upgrade = new DeploymentUpgrade(experiment, ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.Name, CrashingImage);
        var result = await new FleetUpgrade(upgrade, WavePlan.CanaryThenRegions(_fleet, Canary), experiment.Timeline,
            new FleetUpgradeOptions { GateWithin = TimeSpan.FromSeconds(90) }).RunAsync();

        Assert.That(result.Completed, Is.False);
        Assert.That(result.HaltedAt, Is.EqualTo($"canary {Canary}"));
        Assert.That(result.HaltReason, Does.Contain($"{Canary} failed the gate").And.Contain("not available within 90 fleet s"));
        Assert.That(result.In(ClusterUpgradeState.RolledBack), Is.EqualTo(new[] { Canary }));
        Assert.That(result.In(ClusterUpgradeState.NotTouched), Is.EqualTo(others));
        Assert.That((await GetAsync(experiment, Controller(Canary))).At("spec.template")!.ToJsonString(), Is.EqualTo(canaryBefore.At("spec.template")!.ToJsonString()));
        foreach (var cluster in others)
        {
            Assert.That((await GetAsync(experiment, Controller(cluster))).Str("metadata.generation"), Is.EqualTo(generations[cluster]), $"{cluster} untouched");
        }

        Assert.That(upgrade.Applied, Is.Empty);
    }

    [Test]
    public async Task A_cluster_upgrade_is_journalled_before_it_is_applied_so_a_crashed_wave_is_reverted()
    {
        var experiment = await StartAsync();
        var before = await GetAsync(experiment, Controller(Canary));
        var upgrade = new DeploymentUpgrade(experiment, ArgoRolloutsInstall.Namespace, ArgoRolloutsInstall.Name, CrashingImage);
        await upgrade.ApplyAsync(Canary, CancellationToken.None);

        // The run dies here: its lock is released, its faults are left in place.
        await experiment.Journal!.DisposeAsync();
        using (var kubernetes = new Kube.Access.KubernetesFleet(_fleet))
        {
            var report = await KubernetesRevert.RevertAsync(kubernetes, new JournalDirectory(Path.Combine(_dir.Path, "journal")), experiment.Run);
            Assert.That(report.Succeeded, Is.True, report.ToString());
        }

        Assert.That((await GetAsync(experiment, Controller(Canary))).At("spec.template")!.ToJsonString(), Is.EqualTo(before.At("spec.template")!.ToJsonString()));
    }
}
