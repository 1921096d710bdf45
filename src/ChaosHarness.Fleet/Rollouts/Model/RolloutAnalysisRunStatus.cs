namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>The AnalysisRun a rollout currently follows, with its phase and message.</summary>
public sealed class RolloutAnalysisRunStatus
{
    public string Name { get; set; } = "";
    public string Status { get; set; } = "";
    public string? Message { get; set; }
}
