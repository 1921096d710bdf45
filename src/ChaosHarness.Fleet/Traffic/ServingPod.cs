using ChaosHarness.Fleet.Images;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>A pod that traffic can reach right now: ready, not terminating, on a machine and zone that have power and network.</summary>
public sealed class ServingPod
{
    public required string Name { get; init; }
    public required string Namespace { get; init; }
    public required string Zone { get; init; }
    public required string Image { get; init; }

    /// <summary>The image tag of the pod's first container: what <c>X-Served-Version</c> reports.</summary>
    public required string Version { get; init; }

    /// <summary>The <c>rollouts-pod-template-hash</c> (or <c>pod-template-hash</c>) label; empty when the pod has neither.</summary>
    public required string PodTemplateHash { get; init; }

    public required ImageBehaviour Behaviour { get; init; }

    /// <summary>Where requests this pod answers are counted; null for pods whose requests are not an app's (ingress controllers).</summary>
    public MetricSeries? Series { get; init; }

    public override string ToString() => $"{Namespace}/{Name} ({Version}, {Zone})";
}
