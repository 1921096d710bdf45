using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>The patches <c>kubectl argo rollouts</c> sends, and what the controller makes of them.</summary>
public sealed class KubectlArgoRolloutsTests
{
    private const string Steps = """[{"setWeight":20},{"pause":{}},{"setWeight":60},{"pause":{}}]""";
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Test]
    public async Task Abort_retry_promote_full_and_undo()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout(Steps));
        var v1 = (await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r ? r : null, Minutes5, "v1 Healthy")).Status.StableRS;
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        var v2 = (await PausedAtAsync(fleet, 1)).Status.CurrentPodHash;

        // kubectl argo rollouts abort checkout
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"abort":true}}""", "status");
        var aborted = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Degraded" } r && r.Status.Canary.Weights!.Canary.Weight == 0 ? r : null,
            Minutes5, "the abort");
        Assert.That(aborted.Status.Message, Is.EqualTo("RolloutAborted: Rollout aborted update to revision 2"));
        Assert.That(aborted.Status.CurrentStepIndex, Is.EqualTo(0));
        Assert.That(aborted.Status.PauseConditions, Is.Null);
        Assert.That(aborted.Status.AbortedAt, Is.Not.Null);
        await fleet.Eventually(() => fleet.ReplicaSet(v2)!.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "the aborted canary scaled down");

        // kubectl argo rollouts retry rollout checkout
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"abort":false}}""", "status");
        var retried = await PausedAtAsync(fleet, 1);
        Assert.That(retried.Status.Abort, Is.False);
        Assert.That(retried.Status.AbortedAt, Is.Null);
        Assert.That(retried.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(20), fleet.Describe());
        Assert.That(fleet.ReplicaSet(v2)!.Spec.Replicas, Is.EqualTo(1));

        // kubectl argo rollouts promote checkout --full
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"promoteFull":true}}""", "status");
        var full = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.StableRS == v2 ? r : null, Minutes5, "v2 fully promoted");
        Assert.That(full.Status.CurrentStepIndex, Is.EqualTo(4));
        Assert.That(full.Status.PromoteFull, Is.False);
        Assert.That(fleet.Events().Any(e => e.Reason == "RolloutCompleted" && e.Message == $"Rollout completed update to revision 2 ({v2}): Full promotion requested"));

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:3.0"));
        var v3 = (await PausedAtAsync(fleet, 1)).Status.CurrentPodHash;
        Assert.That(v3, Is.Not.EqualTo(v2).And.Not.EqualTo(v1));

        // kubectl argo rollouts undo checkout: the previous revision's pod template (v2, the stable) as a JSON patch.
        var previous = fleet.ReplicaSet(v2)!;
        Assert.That(previous.Metadata.Annotations["rollout.argoproj.io/revision"], Is.EqualTo("2"));
        var template = fleet.Api.Get(BuiltInResources.ReplicaSets, "shop", previous.Metadata.Name).ToJsonObject()["spec"]!["template"]!.DeepClone().AsObject();
        template["metadata"]!["labels"]!.AsObject().Remove(ArgoLabels.PodTemplateHash);
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Json,
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template }).ToJsonString());
        var undone = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.CurrentPodHash == v2 &&
            r.Status.Canary.Weights?.Canary.PodTemplateHash == v2 ? r : null, Minutes5, "back on v2 without steps");
        Assert.That(undone.Status.StableRS, Is.EqualTo(v2));
        Assert.That(undone.Status.CurrentStepIndex, Is.EqualTo(4), "rolling back to the stable skips the steps");
        Assert.That(fleet.Events().Any(e => e.Reason == "SkipSteps" && e.Message == "Rollback to stable"));
        await fleet.Eventually(() => fleet.ReplicaSet(v3)!.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "v3 scaled down");
        Assert.That(fleet.ReplicaSet(v2)!.Metadata.Annotations["rollout.argoproj.io/revision"], Is.EqualTo("4"), "a reused ReplicaSet gets the next revision");
        Assert.That(fleet.Rollout().Metadata.Annotations["rollout.argoproj.io/revision"], Is.EqualTo("4"));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task Promote_moves_past_a_pause_and_manual_pause_holds_the_rollout()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout(Steps));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        await PausedAtAsync(fleet, 1);

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        var second = await PausedAtAsync(fleet, 3);
        Assert.That(second.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(60));
        Assert.That(fleet.ReplicaSet(second.Status.CurrentPodHash)!.Spec.Replicas, Is.EqualTo(3), "ceil(60% of 5)");

        // kubectl argo rollouts pause checkout, then promote: the spec pause is lifted too.
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"spec":{"paused":true}}""");
        await fleet.Eventually(() => fleet.Rollout() is { Status.Message: "manually paused" } r && r.Status.ObservedGeneration == "3", TimeSpan.FromMinutes(1),
            "manually paused");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"spec":{"paused":false}}""");
        await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.StableRS == second.Status.CurrentPodHash, Minutes5, "v2 Healthy");
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    internal static Task<Fleet.Rollouts.Model.Rollout> PausedAtAsync(RolloutsCluster fleet, int step) =>
        fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Paused", Status.Message: "CanaryPauseStep" } r && r.Status.CurrentStepIndex == step ? r : null,
            TimeSpan.FromMinutes(5), $"the rollout paused at step {step}");
}
