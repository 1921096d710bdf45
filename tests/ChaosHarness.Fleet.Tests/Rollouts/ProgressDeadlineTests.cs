using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class ProgressDeadlineTests
{
    private const string Steps = """[{"setWeight":20},{"pause":{}}]""";

    [Test]
    public async Task A_crash_looping_canary_never_gets_weight_and_goes_degraded_at_the_deadline_without_aborting()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var stableHash = await AnalysisAbortTests.DeployFirstVersionAsync(fleet, Steps, specExtras: "\"progressDeadlineSeconds\":90");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0-crashloop"));
        var canaryHash = await fleet.Eventually(() => fleet.Rollout().Status.CurrentPodHash is { } h && h != stableHash ? h : null,
            TimeSpan.FromMinutes(1), "the new version");
        var updatedAt = fleet.Now;

        var degraded = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r ? r : null, TimeSpan.FromMinutes(5),
            "the progress deadline");
        Assert.That(fleet.Now - updatedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(85)));
        var message = $"ReplicaSet \"checkout-{canaryHash}\" has timed out progressing.";
        Assert.That(degraded.Status.Message, Is.EqualTo($"ProgressDeadlineExceeded: {message}"));
        var progressing = degraded.Status.Condition("Progressing")!;
        Assert.That((progressing.Status, progressing.Reason, progressing.Message), Is.EqualTo(("False", "ProgressDeadlineExceeded", message)));
        Assert.That(degraded.Status.Abort, Is.False, "progressDeadlineAbort is false by default");
        Assert.That(degraded.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(0));
        Assert.That(degraded.Status.CurrentStepIndex, Is.EqualTo(0));

        await fleet.Holds(() => fleet.Rollout() is { Status.Phase: "Degraded", Status.Abort: false } r && r.Status.Canary.Weights!.Canary.Weight == 0,
            TimeSpan.FromMinutes(2), "a degraded, unaborted rollout whose canary has no traffic");
        Assert.That(fleet.ReplicaSet(canaryHash)!.Spec.Replicas, Is.EqualTo(1));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task With_progress_deadline_abort_the_deadline_aborts_the_update()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var stableHash = await AnalysisAbortTests.DeployFirstVersionAsync(fleet, Steps, specExtras: "\"progressDeadlineSeconds\":60,\"progressDeadlineAbort\":true");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0-crashloop"));
        var canaryHash = await fleet.Eventually(() => fleet.Rollout().Status.CurrentPodHash is { } h && h != stableHash ? h : null,
            TimeSpan.FromMinutes(1), "the new version");

        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Abort: true } r ? r : null, TimeSpan.FromMinutes(5), "the abort");
        Assert.That(aborted.Status.Phase, Is.EqualTo("Degraded"));
        Assert.That(aborted.Status.AbortedAt, Is.Not.Null);
        await fleet.Eventually(() => fleet.Rollout().Status.Condition("Progressing")?.Reason == "RolloutAborted", TimeSpan.FromMinutes(1), "RolloutAborted");
        await fleet.Eventually(() => fleet.ReplicaSet(canaryHash)!.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "the canary scaled down");
        Assert.That(fleet.Rollout().Status.Message, Is.EqualTo("RolloutAborted: Rollout aborted update to revision 2"));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }
}
