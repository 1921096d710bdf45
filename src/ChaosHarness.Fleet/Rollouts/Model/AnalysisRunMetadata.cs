namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>Extra labels and annotations for the AnalysisRuns a rollout creates.</summary>
public sealed class AnalysisRunMetadata
{
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}
