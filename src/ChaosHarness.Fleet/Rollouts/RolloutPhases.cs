using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary><c>status.phase</c> and <c>status.message</c>, computed in Argo's order (CalculateRolloutPhase).</summary>
public static class RolloutPhases
{
    public const string Progressing = "Progressing";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";

    public static (string Phase, string Message) Calculate(Rollout rollout, RolloutStatus status)
    {
        foreach (var condition in status.Conditions ?? [])
        {
            if (condition.Type == RolloutConditions.InvalidSpec) return (Degraded, $"{RolloutConditions.InvalidSpec}: {condition.Message}");
            if (condition.Reason is RolloutReasons.RolloutAborted or RolloutReasons.ProgressDeadlineExceeded)
            {
                return (Degraded, $"{condition.Reason}: {condition.Message}");
            }
        }

        if (rollout.Spec.Paused) return (Paused, "manually paused");
        if (status.PauseConditions is { Count: > 0 } pauses) return (Paused, pauses[0].Reason);
        if (status.UpdatedReplicas < rollout.Replicas) return (Progressing, "more replicas need to be updated");
        if (status.AvailableReplicas < status.UpdatedReplicas) return (Progressing, "updated replicas are still becoming available");
        if (string.IsNullOrEmpty(status.StableRS) || status.StableRS != status.CurrentPodHash) return (Progressing, "waiting for all steps to complete");
        return (Healthy, "");
    }
}
