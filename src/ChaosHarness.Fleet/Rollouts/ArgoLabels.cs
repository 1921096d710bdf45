namespace ChaosHarness.Fleet.Rollouts;

/// <summary>The labels and annotations Argo Rollouts puts on the objects it manages.</summary>
public static class ArgoLabels
{
    /// <summary>On a rollout's ReplicaSets, their pod templates and selectors, and its AnalysisRuns: the version's hash.</summary>
    public const string PodTemplateHash = "rollouts-pod-template-hash";

    /// <summary>On the Rollout and its ReplicaSets: the revision, one higher for each new version.</summary>
    public const string Revision = "rollout.argoproj.io/revision";

    /// <summary>On a rollout's ReplicaSets: the rollout's <c>spec.replicas</c> when the ReplicaSet was last scaled.</summary>
    public const string DesiredReplicas = "rollout.argoproj.io/desired-replicas";

    /// <summary>On a ReplicaSet kept up for a while (aborted canary, previous stable): when it is scaled down (RFC 3339).</summary>
    public const string ScaleDownDeadline = "scale-down-deadline";

    /// <summary>On an AnalysisRun: <c>Step</c> or <c>Background</c>.</summary>
    public const string RolloutType = "rollout-type";

    public const string StepRun = "Step";
    public const string BackgroundRun = "Background";

    /// <summary>On a step AnalysisRun: the index of its step.</summary>
    public const string StepIndex = "step-index";
}
