namespace ChaosHarness.Core.Guardrails;

/// <summary>How many of a cluster's nodes a planned fault would take away.</summary>
public sealed record ClusterImpact(string Cluster, int AffectedNodes, int TotalNodes);
