namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary><c>strategy.canary.analysis</c>: an AnalysisRun that runs beside the steps from <see cref="StartingStep"/> on.</summary>
public sealed class BackgroundAnalysis : RolloutAnalysis
{
    public int? StartingStep { get; set; }
}
