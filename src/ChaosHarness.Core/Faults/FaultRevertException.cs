namespace ChaosHarness.Core.Faults;

/// <summary>Some changes of a fault could not be undone; the journal keeps them for <c>chaos revert</c>.</summary>
public sealed class FaultRevertException(string fault, IReadOnlyList<string> failures)
    : Exception($"Reverting {fault} failed for {failures.Count} change(s); the journal keeps them for 'chaos revert': {string.Join("; ", failures)}")
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
