using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// How many pods the canary and stable ReplicaSets should have, as Argo computes it for a traffic-routed canary: the canary
/// gets ceil(weight % × replicas) (or its setCanaryScale), the stable stays at full size until the canary is promoted.
/// </summary>
internal static class CanaryReplicaCounts
{
    /// <summary>A fixed canary size from setCanaryScale, else the canary's weight (100 once promoted or promoting fully).</summary>
    public static (int? Replicas, int Weight) CanaryReplicasOrWeight(Rollout rollout)
    {
        var status = rollout.Status;
        if (status.PromoteFull || status.CurrentPodHash == status.StableRS) return (null, 100);
        if (CanarySteps.CanaryScale(rollout) is { } scale)
        {
            if (scale.Replicas is { } replicas) return (replicas, 0);
            if (scale.Weight is { } weight) return (null, weight);
        }

        return (null, CanarySteps.CurrentSetWeight(rollout));
    }

    public static int ForWeight(int replicas, int weight) => (int)Math.Ceiling(replicas * (weight / 100.0));

    /// <summary>The sizes to reach for the current step. Without a distinct stable ReplicaSet the new one takes all replicas.</summary>
    public static (int Canary, int Stable) Desired(Rollout rollout, RolloutReplicaSets sets)
    {
        var replicas = rollout.Replicas;
        var (fixedReplicas, weight) = CanaryReplicasOrWeight(rollout);
        var canary = sets.StableExists ? fixedReplicas ?? ForWeight(replicas, weight) : replicas;
        return (canary, replicas);
    }

    /// <summary>
    /// Whether both ReplicaSets have their desired size with every pod available, and no other ReplicaSet serves. A count the
    /// ReplicaSet controller has not yet brought up to date with a resize is not taken for the new size's.
    /// </summary>
    /// <param name="ignoreAvailability">The seeded defect <c>canary-ignores-availability</c>: the ReplicaSets only need
    /// their size, not their pods available (pods lost with a zone do not hold the canary back).</param>
    public static bool AtDesired(Rollout rollout, RolloutReplicaSets sets, bool ignoreAvailability = false)
    {
        var (canary, stable) = Desired(rollout, sets);
        if (sets.New is not { } newRs || !IsAt(newRs.Model, canary, ignoreAvailability)) return false;
        if (sets.Stable is not { } stableRs || !IsAt(stableRs.Model, stable, ignoreAvailability)) return false;
        return sets.Others.Available() == 0;
    }

    private static bool IsAt(k8s.Models.V1ReplicaSet rs, int replicas, bool sizeOnly = false) =>
        rs.SpecReplicas() == replicas && (sizeOnly || rs.AvailableReplicas() == replicas) && rs.StatusIsCurrent();
}
