using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>Rollout condition types, and setting them as Argo does (same status and reason: left as is).</summary>
public static class RolloutConditions
{
    public const string Progressing = "Progressing";
    public const string Available = "Available";
    public const string Paused = "Paused";
    public const string Healthy = "Healthy";
    public const string Completed = "Completed";
    public const string InvalidSpec = "InvalidSpec";
    public const string ReplicaFailure = "ReplicaFailure";

    public static RolloutCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now,
    };

    /// <summary>
    /// Puts <paramref name="condition"/> in place of the condition of its type (moving it last). Nothing happens when one with
    /// the same status and reason is there; its transition time is kept when only the reason changes. True when it changed.
    /// </summary>
    public static bool Set(RolloutStatus status, RolloutCondition condition)
    {
        var current = status.Condition(condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return false;
        if (current is not null && current.Status == condition.Status) condition.LastTransitionTime = current.LastTransitionTime;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
        return true;
    }

    public static void Remove(RolloutStatus status, string type)
    {
        if (status.Conditions is null) return;
        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
    }
}
