namespace ChaosHarness.Core.Faults;

/// <summary>Applying a fault failed part-way; what had been applied was reverted (see <see cref="RevertFailures"/>).</summary>
public sealed class FaultInjectionException(string message, IReadOnlyList<string> revertFailures, Exception inner)
    : Exception(message, inner)
{
    public IReadOnlyList<string> RevertFailures { get; } = revertFailures;
}
