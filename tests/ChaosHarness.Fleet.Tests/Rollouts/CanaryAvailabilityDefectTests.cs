using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>
/// Pods lost with a zone hold a canary at its weight (Argo's AtDesiredReplicaCountsForCanary); the seeded defect
/// <c>canary-ignores-availability</c> changes exactly that: the canary goes on to its next weight.
/// </summary>
public sealed class CanaryAvailabilityDefectTests
{
    private const int Replicas = 6;
    private static readonly TimeSpan Minutes5 = TimeSpan.FromMinutes(5);

    [Test]
    public async Task A_stable_short_of_pods_holds_the_canary_at_its_weight()
    {
        await using var fleet = await RolloutsCluster.StartAsync();
        var canaryWeight = await PromoteWithStableShortAsync(fleet);

        await fleet.Holds(() => fleet.Rollout().Status.Canary.Weights?.Canary.Weight == 20, TimeSpan.FromMinutes(1), "the canary held at 20 % while the stable is short");
        Assert.That(fleet.Rollout().Status.CurrentStepIndex, Is.EqualTo(2), "the setWeight 50 step is not reached");
        Assert.That(canaryWeight, Is.EqualTo(20));
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    [Test]
    public async Task Canary_ignores_availability_moves_the_canary_on_with_the_stable_short()
    {
        await using var fleet = await RolloutsCluster.StartAsync(defects: [FleetDefect.CanaryIgnoresAvailability]);
        await PromoteWithStableShortAsync(fleet);

        var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 3);
        Assert.That(paused.Status.Canary.Weights!.Canary.Weight, Is.EqualTo(50), "the canary got the next weight");
        Assert.That(StableAvailable(fleet), Is.LessThan(Replicas), "while the stable was still short of pods");
        Assert.That(fleet.Failures, Is.Empty, fleet.Describe());
    }

    /// <summary>
    /// v1 → v2 paused at 20 %, the power of a zone holding stable pods (not the controller's) cut until the stable is short
    /// of available pods, then promoted past the pause; returns the canary weight at that moment.
    /// </summary>
    private static async Task<long> PromoteWithStableShortAsync(RolloutsCluster fleet)
    {
        fleet.Create(ArgoResources.Rollouts, Manifests.Rollout("""[{"setWeight":20},{"pause":{}},{"setWeight":50},{"pause":{}}]""", replicas: Replicas));
        await fleet.Eventually(() => fleet.Rollout().Status.Phase == "Healthy", Minutes5, "v1 Healthy");
        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, Manifests.SetImage("registry.example/checkout:2.0"));
        var paused = await KubectlArgoRolloutsTests.PausedAtAsync(fleet, 1);

        var controllerZone = ZoneOfPod(fleet, "argo-rollouts", fleet.LeaseHolder()!);
        var stableHash = paused.Status.StableRS;
        var lost = fleet.Pods().Where(p => p.Metadata.Labels[ArgoLabels.PodTemplateHash] == stableHash)
            .Select(p => ZoneOfNode(fleet, p.Spec.NodeName)).First(z => z != controllerZone);
        fleet.Cluster.Infrastructure.SetPower(lost, on: false);
        await fleet.Eventually(() => StableAvailable(fleet) < Replicas, Minutes5, $"the stable short of pods after zone {lost} lost power");

        fleet.Patch(ArgoResources.Rollouts, "checkout", PatchType.Merge, """{"status":{"pauseConditions":null}}""", "status");
        await fleet.Eventually(() => fleet.Rollout().Status.CurrentStepIndex >= 2, Minutes5, "promoted past the pause");
        return fleet.Rollout().Status.Canary.Weights!.Canary.Weight;
    }

    private static int StableAvailable(RolloutsCluster fleet)
        => fleet.ReplicaSet(fleet.Rollout().Status.StableRS)?.Status?.AvailableReplicas ?? 0;

    private static string ZoneOfPod(RolloutsCluster fleet, string ns, string pod)
        => ZoneOfNode(fleet, fleet.Pods(ns).Single(p => p.Metadata.Name == pod).Spec.NodeName);

    private static string ZoneOfNode(RolloutsCluster fleet, string node)
        => fleet.Api.Get(BuiltInResources.Nodes, null, node).ToModel<V1Node>().Metadata.Labels["topology.kubernetes.io/zone"];
}
