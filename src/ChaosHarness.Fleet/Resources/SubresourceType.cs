namespace ChaosHarness.Fleet.Resources;

/// <summary>A subresource as discovery lists it: <c>pods/eviction</c> is policy/v1 Eviction, <c>deployments/scale</c> autoscaling/v1 Scale.</summary>
public sealed record SubresourceType(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs);
