using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>An AnalysisTemplate or ClusterAnalysisTemplate: the metrics an AnalysisRun measures, and the arguments they take.</summary>
public sealed class AnalysisTemplate
{
    public V1ObjectMeta Metadata { get; set; } = new();
    public AnalysisTemplateSpec Spec { get; set; } = new();
}
