namespace ChaosHarness.Fleet.Rollouts;

/// <summary>Condition and event reasons and message formats, worded as Argo Rollouts words them.</summary>
public static class RolloutReasons
{
    public const string InvalidSpec = "InvalidSpec";
    public const string Available = "AvailableReason";
    public const string AvailableMessage = "Rollout has minimum availability";
    public const string NotAvailableMessage = "Rollout does not have minimum availability";

    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string ReplicaSetProgressingMessage = "ReplicaSet \"{0}\" is progressing.";
    public const string RolloutProgressingMessage = "Rollout \"{0}\" is progressing.";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string NewReplicaSetMessage = "Created new replica set \"{0}\"";
    public const string NewReplicaSetDetailedMessage = "Created ReplicaSet {0} (revision {1})";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string FoundNewReplicaSetMessage = "Found new replica set \"{0}\"";
    public const string RolloutUpdated = "RolloutUpdated";
    public const string RolloutUpdatedMessage = "Rollout updated to revision {0}";
    public const string RolloutCompleted = "RolloutCompleted";
    public const string RolloutCompletedMessage = "Rollout completed update to revision {0} ({1}): {2}";
    public const string RolloutNotCompleted = "RolloutNotCompleted";
    public const string RolloutNotCompletedMessage = "Rollout not completed, started update to revision {0} ({1})";
    public const string RolloutHealthy = "RolloutHealthy";
    public const string RolloutHealthyMessage = "Rollout is healthy";
    public const string RolloutNotHealthyMessage = "Rollout is not healthy";
    public const string RolloutAborted = "RolloutAborted";
    public const string RolloutAbortedMessage = "Rollout aborted update to revision {0}";
    public const string RolloutRetry = "RolloutRetry";
    public const string RolloutRetryMessage = "Retrying Rollout after abort";
    public const string RolloutPaused = "RolloutPaused";
    public const string RolloutPausedMessage = "Rollout is paused";
    public const string RolloutResumed = "RolloutResumed";
    public const string RolloutResumedMessage = "Rollout is resumed";
    public const string ReplicaSetNotAvailable = "ReplicaSetNotAvailable";
    public const string RolloutStepCompleted = "RolloutStepCompleted";
    public const string RolloutStepCompletedMessage = "Rollout step {0}/{1} completed ({2})";
    public const string TrafficWeightUpdated = "TrafficWeightUpdated";
    public const string TrafficWeightUpdatedMessage = "Traffic weight updated {0}";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ReplicaSetCompletedMessage = "ReplicaSet \"{0}\" has successfully progressed.";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string ReplicaSetTimeOutMessage = "ReplicaSet \"{0}\" has timed out progressing.";
    public const string RolloutTimeOutMessage = "Rollout \"{0}\" has timed out progressing.";
    public const string ScalingReplicaSet = "ScalingReplicaSet";
    public const string ScalingReplicaSetMessage = "Scaled {0} ReplicaSet {1} (revision {2}) from {3} to {4}";
    public const string SkipSteps = "SkipSteps";

    public const string StepAnalysisFailedPrefix = "Step-based analysis phase error/failed";
    public const string BackgroundAnalysisFailedPrefix = "Background analysis phase error/failed";
}
