namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>A condition that cannot be evaluated: bad syntax, a type mismatch, an index out of range. The measurement is an Error.</summary>
public sealed class ConditionException(string message) : Exception(message);
