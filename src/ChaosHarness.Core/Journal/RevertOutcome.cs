namespace ChaosHarness.Core.Journal;

/// <summary>What the revert operation did about one fault of a dead run.</summary>
public sealed record RevertOutcome(string Run, string FaultId, string Fault, string Target, int Changes, bool Reverted, IReadOnlyList<string> Failures);
