namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class AnalysisTemplateSpec
{
    public List<Metric> Metrics { get; set; } = [];
    public List<AnalysisRunArgument>? Args { get; set; }
}
