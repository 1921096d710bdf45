namespace ChaosHarness.Core.Guardrails;

/// <summary>What a planned fault would take away, measured before it is injected.</summary>
public sealed record BlastRadiusImpact(
    string Fault,
    IReadOnlyList<string> Zones,
    IReadOnlyList<string> Regions,
    IReadOnlyList<ClusterImpact> Clusters);
