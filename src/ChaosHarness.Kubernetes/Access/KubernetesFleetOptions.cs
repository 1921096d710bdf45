using ChaosHarness.Core.Fleets;
using k8s;

namespace ChaosHarness.Kube.Access;

public sealed record KubernetesFleetOptions
{
    /// <summary>Null: <see cref="KubernetesResilienceOptions.ForSpeed"/> of the fleet's speed.</summary>
    public KubernetesResilienceOptions? Resilience { get; init; }

    /// <summary>Refuse every mutating request before it leaves the process.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Replaces the network for a cluster with an in-process handler that answers requests itself (tests).
    /// Null, or a null result, means real HTTP.
    /// </summary>
    public Func<ClusterTarget, DelegatingHandler?>? Transport { get; init; }

    /// <summary>Builds a cluster's client configuration instead of reading its kubeconfig context (tests, in-cluster use).</summary>
    public Func<ClusterTarget, KubernetesClientConfiguration>? Configuration { get; init; }
}
