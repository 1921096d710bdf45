using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The traffic split written to <c>status.canary.weights</c>, which the fleet's ingress controller routes by. As Argo's
/// reconcileTrafficRouting: 0 to the canary while it has no available pod, when aborted or fully promoted; the previous
/// setWeight while the canary scales for the next one; the current setWeight once it is sized. A new split is written only
/// when the stable ReplicaSet has enough available pods for its share (checkReplicasAvailable).
/// </summary>
internal sealed partial class RolloutSync
{
    private void ReconcileTrafficRouting()
    {
        var canaryHash = _sets.New?.Model.PodHash();
        var stableHash = _sets.Stable?.Model.PodHash();
        var (_, index) = CanarySteps.Current(_rollout);
        var previous = Status.Canary.Weights;
        var desired = 0;
        if (Status.StableRS == Status.CurrentPodHash)
        {
            desired = 0;
        }
        else if (_pause.IsAborted)
        {
            desired = _runtime.Defects.IsOn(FleetDefect.AbortKeepsCanaryWeight) ? previous?.Canary.Weight ?? 0 : 0;
        }
        else if (_sets.New is not { } newRs || newRs.Model.AvailableReplicas() == 0)
        {
            desired = 0;
        }
        else if (Status.PromoteFull)
        {
            desired = previous?.Canary.Weight ?? 0;
        }
        else if (index is { } i)
        {
            if (!CanaryReplicaCounts.AtDesired(_rollout, _sets, IgnoresAvailability)) desired = CanarySteps.PreviousSetWeight(_rollout, i);
            else if (i != _rollout.Steps.Count) desired = CanarySteps.CurrentSetWeight(_rollout);
            else desired = 100;
        }

        if (!StableCanCarry(100 - desired)) return;

        var weights = new TrafficWeights
        {
            Canary = new WeightDestination { Weight = desired, PodTemplateHash = canaryHash, ServiceName = _rollout.Canary?.CanaryService },
            Stable = new WeightDestination { Weight = 100 - desired, PodTemplateHash = stableHash, ServiceName = _rollout.Canary?.StableService },
        };
        if (previous is not null && previous.Canary == weights.Canary && previous.Stable == weights.Stable) return;
        Record(RolloutReasons.TrafficWeightUpdated, Format(RolloutReasons.TrafficWeightUpdatedMessage,
            previous is null ? $"to {desired}" : previous.Canary.Weight != desired ? $"from {previous.Canary.Weight} to {desired}" : ""));
        _newStatus.Canary.Weights = weights;
    }

    private bool IgnoresAvailability => _runtime.Defects.IsOn(FleetDefect.CanaryIgnoresAvailability);

    /// <summary>Whether the stable ReplicaSet has the available pods to take <paramref name="weight"/> percent of traffic.</summary>
    private bool StableCanCarry(int weight) =>
        _sets.Stable is not { } stable || stable.Model.AvailableReplicas() >= weight * _rollout.Replicas / 100;
}
