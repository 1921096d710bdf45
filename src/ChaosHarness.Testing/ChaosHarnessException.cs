namespace ChaosHarness.Testing;

/// <summary>A harness or infrastructure failure, as an experiment's result reports it; the original is its inner exception.</summary>
public sealed class ChaosHarnessException(string message, Exception inner) : Exception(message, inner);
