namespace ChaosHarness.Core.Faults;

public sealed record FaultInjectorOptions
{
    /// <summary>Print every change instead of making it; write nothing to the journal.</summary>
    public bool DryRun { get; init; }

    /// <summary>Where dry-run and injection lines are printed.</summary>
    public TextWriter Output { get; init; } = TextWriter.Null;

    /// <summary>How long (fleet time) a revert may take before it gives up and leaves the journal to 'chaos revert'.</summary>
    public TimeSpan RevertTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
