using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Traffic;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>Each seeded defect of the rollout controller changes exactly its behaviour (the same scenarios without it are in the other tests).</summary>
public sealed class SeededDefectTests
{
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Test]
    public async Task Rollout_ignores_failed_analysis_keeps_going_past_a_failed_analysis_run()
    {
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.RolloutIgnoresFailedAnalysis]);
        await AnalysisAbortTests.DeployFirstVersionAsync(fleet);
        fleet.Traffic.Default = new TrafficWindow(1000, 300, TimeSpan.FromMilliseconds(90));
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0-errors30"));

        var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 3);
        Assert.That(fleet.AnalysisRuns().Single().Phase, Is.EqualTo(AnalysisPhase.Failed));
        Assert.That(paused.Status.Abort, Is.False);
        Assert.That(paused.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(50), "the failing version got more traffic");
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task Abort_keeps_canary_weight_never_gives_the_stable_its_traffic_back()
    {
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.AbortKeepsCanaryWeight]);
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}}]"""));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        var canaryHash = (await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 1)).Status.CurrentPodHash;

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"abort":true}}""", "status");
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Degraded", Minutes5, "the abort");
        await fleet.Eventually(() => fleet.ReplicaSet(canaryHash)!.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "the canary scaled down as usual");
        await fleet.Holds(() => fleet.Rollout().Status.Canary.Weights is { Canary.Weight: 20, Stable.Weight: 80 } w && w.Canary.PodTemplateHash == canaryHash,
            TimeSpan.FromMinutes(2), "20% of traffic still sent to the aborted canary");
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task Without_the_defect_a_throttled_controller_waits_retry_after_and_carries_on()
    {
        var throttle = new ThrottleServiceAccount("argo-rollouts", "argo-rollouts");
        await using var fleet = await RolloutsCluster.StartAsync(extraAdmission: [throttle]);
        await ThrottledUpdateAsync(fleet, throttle);

        var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 1);
        Assert.That(paused.Status.Abort, Is.False);
        Assert.That(throttle.Rejected, Is.GreaterThan(5), "the controller was throttled");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.StableRS == paused.Status.CurrentPodHash, Minutes5, "v2 Healthy");
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task Rollout_ignores_retry_after_aborts_the_update_it_was_throttled_on()
    {
        var throttle = new ThrottleServiceAccount("argo-rollouts", "argo-rollouts");
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.RolloutIgnoresRetryAfter], extraAdmission: [throttle]);
        await ThrottledUpdateAsync(fleet, throttle);

        const string reason = "Rollout aborted update to revision 2: Too many requests, please try again later.";
        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the abort");
        Assert.That(aborted.Status.Abort, Is.True);
        Assert.That(aborted.Status.Message, Is.EqualTo($"RolloutAborted: {reason}"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_controller_jailed_by_throttling_stops_and_afterwards_carries_on_unless_it_ignores_retry_after(bool defect)
    {
        var throttle = new ThrottleServiceAccount("argo-rollouts", "argo-rollouts");
        await using var fleet = await RolloutsCluster.StartAsync(defects: defect ? [FleetDefect.RolloutIgnoresRetryAfter] : [], extraAdmission: [throttle]);
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}}]"""));
        var first = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r ? r : null, Minutes5, "v1 Healthy");
        var leader = fleet.LeaseHolder();

        throttle.Jailed = true;
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        await fleet.Eventually(() => fleet.LeaseHolder() is null, TimeSpan.FromMinutes(1), "the leader unable to renew its lease");
        await fleet.Holds(() => fleet.Rollout().Status.CurrentPodHash == first.Status.CurrentPodHash && fleet.ReplicaSets().Count == 1,
            TimeSpan.FromMinutes(1), "nothing written while jailed");
        throttle.Jailed = false;

        await fleet.Eventually(() => fleet.LeaseHolder() == leader, TimeSpan.FromMinutes(1), "the same pod leading again");
        if (defect)
        {
            var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the abort");
            Assert.That(aborted.Status.Message, Is.EqualTo("RolloutAborted: Rollout aborted update to revision 2: Too many requests, please try again later."));
        }
        else
        {
            var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 1);
            Assert.That(paused.Status.Abort, Is.False);
        }
    }

    [Test]
    public async Task Without_the_defect_a_crash_looping_controller_version_never_counts_as_ready()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        BreakController(fleet);
        await fleet.Eventually(() => fleet.Pods(ArgoRolloutsInstall.Namespace).All(p => p.Spec.Containers[0].Image.EndsWith("-crashloop", StringComparison.Ordinal)),
            TimeSpan.FromMinutes(1), "the old controller pod gone (Recreate)");
        await fleet.Holds(() => !BadControllerPodReady(fleet) && BadControllerDeployment(fleet).Status?.AvailableReplicas is null or 0,
            TimeSpan.FromMinutes(2), "the bad version unready and the Deployment unavailable");
    }

    [Test]
    public async Task Controller_without_readiness_gate_lets_a_crash_looping_version_count_as_ready_while_nothing_reconciles()
    {
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.ControllerWithoutReadinessGate]);
        Assert.That(BadControllerDeployment(fleet).Spec.Template.Spec.Containers.Single().ReadinessProbe, Is.Not.Null, "the manifest keeps its probe");

        BreakController(fleet);
        await fleet.Eventually(() => BadControllerPodReady(fleet) && BadControllerDeployment(fleet).Status?.AvailableReplicas == 1,
            TimeSpan.FromMinutes(2), "the bad version Ready and the Deployment Available");
        await fleet.Eventually(() => fleet.LeaseHolder() is null, TimeSpan.FromMinutes(1), "no controller leading");
    }

    private static async Task ThrottledUpdateAsync(RolloutsCluster fleet, ThrottleServiceAccount throttle)
    {
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}}]"""));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        throttle.On = true;
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
    }

    private static void BreakController(RolloutsCluster fleet) =>
        fleet.Patch(BuiltInResources.Deployments, "argo-rollouts", PatchType.StrategicMerge,
            """{"spec":{"template":{"spec":{"containers":[{"name":"argo-rollouts","image":"quay.io/argoproj/argo-rollouts:v1.7.3-crashloop"}]}}}}""",
            ns: ArgoRolloutsInstall.Namespace);

    private static V1Deployment BadControllerDeployment(RolloutsCluster fleet) =>
        fleet.Api.Get(BuiltInResources.Deployments, ArgoRolloutsInstall.Namespace, "argo-rollouts").ToModel<V1Deployment>();

    private static bool BadControllerPodReady(RolloutsCluster fleet) => fleet.Pods(ArgoRolloutsInstall.Namespace).Any(p =>
        p.Spec.Containers[0].Image.EndsWith("-crashloop", StringComparison.Ordinal) &&
        p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);

    [Test]
    public async Task New_leader_aborts_in_flight_rollouts_aborts_the_canary_a_replaced_controller_pod_was_carrying()
    {
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.NewLeaderAbortsInFlightRollouts]);
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}}]"""));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        var holder = await fleet.Eventually(() => fleet.LeaseHolder(), Minutes5, "a leader");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 1);

        // The leader's pod is replaced (a controller upgrade or a crash): its successor takes the lease over.
        fleet.Api.Delete(ApiCaller.Admin, BuiltInResources.Pods, ArgoRolloutsInstall.Namespace, holder, new DeleteRequest());
        await fleet.Eventually(() => fleet.LeaseHolder() is { } h && h != holder ? h : null, TimeSpan.FromMinutes(2), "a new leader");

        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, Minutes5, "the in-flight canary aborted");
        Assert.That(aborted.Status.Abort, Is.True);
        Assert.That(aborted.Status.Message, Does.Contain("took over leadership and abandoned the update in flight"));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }
}
