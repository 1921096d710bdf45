using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class CanaryStepsTests
{
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Test]
    public async Task A_good_canary_steps_through_its_weights_to_healthy()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}},{"setWeight":50},{"pause":{"duration":"20s"}}]"""));

        var first = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r ? r : null, Minutes5, "the first version Healthy");
        Assert.That(first.Status.StableRS, Is.EqualTo(first.Status.CurrentPodHash));
        Assert.That(first.Status.CurrentStepIndex, Is.EqualTo(4), "an initial deploy skips the steps");
        Assert.That(first.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(0));
        Assert.That(first.Status.Canary.Weights.Stable.Weight, Is.EqualTo(100));
        Assert.That(first.Status.AvailableReplicas, Is.EqualTo(5));
        Assert.That(first.Status.Selector, Is.EqualTo("app=checkout"));
        var stableHash = first.Status.StableRS;

        var seen = new List<(int Canary, int Stable, string? CanaryHash)>();
        using var recording = new CancellationTokenSource();
        var recorder = Task.Run(async () =>
        {
            while (!recording.IsCancellationRequested)
            {
                if (fleet.Rollout().Status.Canary.Weights is { } w && (seen.Count == 0 || seen[^1] != (w.Canary.Weight, w.Stable.Weight, w.Canary.PodTemplateHash)))
                {
                    seen.Add((w.Canary.Weight, w.Stable.Weight, w.Canary.PodTemplateHash));
                }

                await fleet.Cluster.Store.NextCommitAsync().WaitAsync(recording.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        var paused = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Paused" } r &&
            r.Status.Conditions?.Any(c => c.Type == "Paused" && c.Status == "True") == true ? r : null, Minutes5, "the canary paused at 20%");
        var canaryHash = paused.Status.CurrentPodHash;
        Assert.That(canaryHash, Is.Not.EqualTo(stableHash));
        Assert.That(paused.Status.Message, Is.EqualTo("CanaryPauseStep"));
        Assert.That(paused.Status.CurrentStepIndex, Is.EqualTo(1));
        Assert.That(paused.Status.PauseConditions!.Single().Reason, Is.EqualTo("CanaryPauseStep"));
        Assert.That(paused.Status.ControllerPause, Is.True);
        Assert.That(paused.Status.Canary.Weights!.Canary, Is.EqualTo(new Fleet.Rollouts.Model.WeightDestination { Weight = 20, PodTemplateHash = canaryHash, ServiceName = "checkout-canary" }));
        Assert.That(paused.Status.Canary.Weights.Stable.Weight, Is.EqualTo(80));
        Assert.That(paused.Status.Canary.Weights.Stable.PodTemplateHash, Is.EqualTo(stableHash));
        Assert.That(fleet.ReplicaSet(canaryHash)!.Spec.Replicas, Is.EqualTo(1), "ceil(20% of 5)");
        Assert.That(fleet.ReplicaSet(stableHash)!.Spec.Replicas, Is.EqualTo(5), "the stable stays at full size with traffic routing");
        Assert.That(paused.Status.Conditions!.Single(c => c.Type == "Paused").Status, Is.EqualTo("True"));
        Assert.That(paused.Status.Conditions!.Single(c => c.Type == "Progressing").Reason, Is.EqualTo("RolloutPaused"));

        await fleet.Holds(() => fleet.Rollout().Status.Phase == "Paused", TimeSpan.FromMinutes(2), "an indefinite pause");

        // kubectl argo rollouts promote: pause conditions present, so it clears them through the status subresource.
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        var healthy = await fleet.Eventually(() => fleet.Rollout() is { Status.Phase: "Healthy" } r && r.Status.StableRS == canaryHash &&
            r.Status.Canary.Weights?.Stable.PodTemplateHash == canaryHash ? r : null, Minutes5, "the canary promoted to Healthy, all traffic on it");
        await recording.CancelAsync();
        await recorder;
        var last = healthy.Status.Canary.Weights!;
        if (seen[^1] != (last.Canary.Weight, last.Stable.Weight, last.Canary.PodTemplateHash)) seen.Add((last.Canary.Weight, last.Stable.Weight, last.Canary.PodTemplateHash));

        Assert.That(healthy.Status.CurrentStepIndex, Is.EqualTo(4));
        Assert.That(healthy.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(0));
        Assert.That(healthy.Status.Canary.Weights.Stable.PodTemplateHash, Is.EqualTo(canaryHash));
        // After the last step the canary gets 100% for one reconcile, promoted in the same status write; the next reconcile
        // splits 0/100 between two sides that are both the new stable. A poll may or may not catch the 100.
        var weights = seen.Select(s => s.Canary).Where(w => w != 100).Aggregate(new List<int>(), (list, w) =>
        {
            if (list.Count == 0 || list[^1] != w) list.Add(w);
            return list;
        });
        Assert.That(weights, Is.EqualTo(new[] { 0, 20, 50, 0 }), string.Join(" ", seen));
        Assert.That(seen.All(s => s.Canary + s.Stable == 100));
        Assert.That(healthy.Status.Conditions!.Select(c => (c.Type, c.Status, c.Reason)), Is.SupersetOf(new[]
        {
            ("Available", "True", "AvailableReason"), ("Completed", "True", "RolloutCompleted"), ("Paused", "False", "RolloutPaused"),
        }));

        await fleet.Eventually(() => fleet.ReplicaSet(stableHash)?.Spec.Replicas == 0, TimeSpan.FromMinutes(2), "the old stable scaled down after its delay");
        var done = await fleet.Eventually(() => fleet.Rollout() is var r && r.Status.Conditions?.Any(c => c.Type == "Healthy" && c.Status == "True") == true ? r : null,
            TimeSpan.FromMinutes(2), "the Healthy condition");
        Assert.That(done.Status.Conditions!.Single(c => c.Type == "Progressing").Reason, Is.EqualTo("NewReplicaSetAvailable"));
        var reasons = fleet.Events().Where(e => e.InvolvedObject.Name == "checkout").Select(e => e.Reason).ToList();
        Assert.That(reasons, Is.SupersetOf(new[] { "RolloutStepCompleted", "TrafficWeightUpdated", "ScalingReplicaSet", "RolloutCompleted", "RolloutPaused", "RolloutResumed" }));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }
}
