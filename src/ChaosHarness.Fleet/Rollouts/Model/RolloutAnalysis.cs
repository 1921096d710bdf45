namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>An analysis step: the templates an AnalysisRun is made of, and the arguments passed to them.</summary>
public class RolloutAnalysis
{
    public List<AnalysisTemplateRef> Templates { get; set; } = [];
    public List<AnalysisRunArgument>? Args { get; set; }
    public AnalysisRunMetadata? AnalysisRunMetadata { get; set; }
}
