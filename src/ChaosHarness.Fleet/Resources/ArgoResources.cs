namespace ChaosHarness.Fleet.Resources;

/// <summary>
/// The Argo Rollouts kinds (<c>argoproj.io/v1alpha1</c>), served by every simulated cluster from the start as if their
/// CustomResourceDefinitions were installed. Being custom resources, they refuse strategic merge patches with 415, as the
/// real ones do; merge and JSON patches work (that is what <c>kubectl argo rollouts</c> sends).
/// </summary>
public static class ArgoResources
{
    public const string Group = "argoproj.io";
    public const string Version = "v1alpha1";

    /// <summary>Rollout, with status and scale subresources (<c>.spec.replicas</c>, <c>.status.HPAReplicas</c>, <c>.status.selector</c>).</summary>
    public static ResourceType Rollouts { get; } = new()
    {
        Group = Group, Version = Version, Kind = "Rollout", Plural = "rollouts", Namespaced = true,
        ShortNames = ["ro"], Categories = ["all"], HasStatus = true, HasScale = true,
    };

    public static ResourceType AnalysisTemplates { get; } = new()
    {
        Group = Group, Version = Version, Kind = "AnalysisTemplate", Plural = "analysistemplates", Namespaced = true,
        ShortNames = ["at"],
    };

    public static ResourceType ClusterAnalysisTemplates { get; } = new()
    {
        Group = Group, Version = Version, Kind = "ClusterAnalysisTemplate", Plural = "clusteranalysistemplates", Namespaced = false,
        ShortNames = ["cat"],
    };

    /// <summary>AnalysisRun. Its CRD has no status subresource: the analysis controller patches the whole object.</summary>
    public static ResourceType AnalysisRuns { get; } = new()
    {
        Group = Group, Version = Version, Kind = "AnalysisRun", Plural = "analysisruns", Namespaced = true,
        ShortNames = ["ar"],
    };

    public static IReadOnlyList<ResourceType> AllTypes { get; } = [Rollouts, AnalysisTemplates, ClusterAnalysisTemplates, AnalysisRuns];
}
