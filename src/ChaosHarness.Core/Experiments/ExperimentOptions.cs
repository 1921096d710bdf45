using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Experiments;

public sealed record ExperimentOptions
{
    public RunId? Run { get; init; }

    /// <summary>Where run journals are written (one append-only file per run).</summary>
    public string JournalDirectory { get; init; } = Journal.JournalDirectory.DefaultPath;

    /// <summary>Print every action instead of performing it; the journal is not touched.</summary>
    public bool DryRun { get; init; }

    public TextWriter Output { get; init; } = TextWriter.Null;

    public TimeSpan RevertTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long (fleet time) to wait for the watches to show the experiment's own writes before judging anything.</summary>
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
