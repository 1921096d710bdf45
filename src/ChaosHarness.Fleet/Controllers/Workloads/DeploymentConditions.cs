using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>The Deployment conditions' reasons and messages as deployment/util words them, and how they are set.</summary>
internal static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string FailedReplicaSetCreate = "ReplicaSetCreateError";
    public const string DeploymentPaused = "DeploymentPaused";
    public const string DeploymentResumed = "DeploymentResumed";

    public static V1DeploymentCondition? Get(V1DeploymentStatus status, string type) => status.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = now, LastTransitionTime = now,
    };

    /// <summary>SetDeploymentCondition: same status and reason is no change; a changed condition moves to the end.</summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason) return;
        if (current is not null && current.Status == condition.Status) condition.LastTransitionTime = current.LastTransitionTime;
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is null) return;
        status.Conditions = [.. status.Conditions.Where(c => c.Type != type)];
    }
}
