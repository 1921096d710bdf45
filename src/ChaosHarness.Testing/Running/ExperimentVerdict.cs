namespace ChaosHarness.Testing.Running;

/// <summary>How one experiment of a suite run ended.</summary>
public sealed record ExperimentVerdict(
    string FullName,
    string Name,
    ExperimentOutcome Outcome,
    string? Message,
    TimeSpan Duration,
    IReadOnlyList<string> Categories)
{
    /// <summary>The message's first line: for a failed expectation, the expectation and what was seen.</summary>
    public string? Headline => Message?.Split('\n', 2)[0].TrimEnd('\r');
}
