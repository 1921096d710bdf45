namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class AnalysisTemplateRef
{
    public string TemplateName { get; set; } = "";

    /// <summary>A ClusterAnalysisTemplate rather than an AnalysisTemplate of the rollout's namespace.</summary>
    public bool ClusterScope { get; set; }
}
