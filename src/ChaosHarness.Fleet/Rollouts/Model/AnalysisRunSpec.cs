namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class AnalysisRunSpec
{
    public List<Metric> Metrics { get; set; } = [];
    public List<AnalysisRunArgument>? Args { get; set; }

    /// <summary>Set to stop measuring: the run completes with what it has (Successful if nothing failed).</summary>
    public bool Terminate { get; set; }
}
