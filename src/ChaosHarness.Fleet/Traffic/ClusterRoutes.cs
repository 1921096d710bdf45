namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// One cluster's routing table, rebuilt when pods, routes or the physical world change and read without locks by every
/// request: the ingress controller pods that can take traffic, and the front-door app's routes (null when the ingress has
/// no route for it, so it answers 404).
/// </summary>
public sealed record ClusterRoutes(IReadOnlyList<ServingPod> Ingress, AppRoutes? App)
{
    public static ClusterRoutes Empty { get; } = new([], null);
}
