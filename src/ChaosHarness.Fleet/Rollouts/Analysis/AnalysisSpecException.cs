namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>An analysis that cannot be run as written: duplicate metrics, unresolved arguments, a malformed condition.</summary>
public sealed class AnalysisSpecException(string message) : Exception(message);
