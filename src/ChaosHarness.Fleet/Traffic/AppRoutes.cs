namespace ChaosHarness.Fleet.Traffic;

/// <summary>Where the ingress of one cluster sends one app's requests right now: its serving stable and canary pods, and the canary's weight.</summary>
public sealed record AppRoutes(IReadOnlyList<ServingPod> Stable, IReadOnlyList<ServingPod> Canary, int CanaryWeight);
