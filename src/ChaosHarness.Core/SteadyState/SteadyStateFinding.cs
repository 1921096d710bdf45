namespace ChaosHarness.Core.SteadyState;

/// <summary>One check of the steady-state hypothesis, and what it saw.</summary>
public sealed record SteadyStateFinding(string Check, bool Healthy, string Seen);
