using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>An AnalysisRun: metrics measured over time until they succeed, fail or are terminated.</summary>
public sealed class AnalysisRun
{
    public V1ObjectMeta Metadata { get; set; } = new();
    public AnalysisRunSpec Spec { get; set; } = new();
    public AnalysisRunStatus? Status { get; set; }

    public string Name => Metadata.Name;
    public string Phase => Status?.Phase is { Length: > 0 } phase ? phase : AnalysisPhase.Pending;
}
