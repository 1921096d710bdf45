using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Kubernetes.Access;

public sealed record KubernetesFleetOptions
{
    public KubernetesResilienceOptions Resilience { get; init; } = new();

    /// <summary>Refuse every mutating request before it leaves the process.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Replaces the network for a cluster with an in-process handler that answers requests itself (tests).
    /// Null, or a null result, means real HTTP.
    /// </summary>
    public Func<ClusterTarget, DelegatingHandler?>? Transport { get; init; }
}
