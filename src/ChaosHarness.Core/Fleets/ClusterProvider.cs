namespace ChaosHarness.Core.Fleets;

/// <summary>Who runs a cluster's infrastructure, which decides the fault implementations available for it.</summary>
public enum ClusterProvider
{
    Kubernetes,
    Aws,
    Azure,
    Embedded,
}
