using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>An Argo Rollout (<c>argoproj.io/v1alpha1</c>), as the rollout controller reads it.</summary>
public sealed class Rollout
{
    public V1ObjectMeta Metadata { get; set; } = new();
    public RolloutSpec Spec { get; set; } = new();
    public RolloutStatus Status { get; set; } = new();

    public string Name => Metadata.Name;
    public string Namespace => Metadata.NamespaceProperty;
    public long Generation => Metadata.Generation ?? 0;

    /// <summary><c>spec.replicas</c>, 1 when unset.</summary>
    public int Replicas => Spec.Replicas ?? 1;

    public CanaryStrategy? Canary => Spec.Strategy?.Canary;

    public IReadOnlyList<CanaryStep> Steps => Canary?.Steps ?? [];
}
