namespace ChaosHarness.Core.Journal;

/// <summary>A second copy of the journal kept somewhere the next run can find it even without this machine's disk.</summary>
public interface IJournalMirror
{
    /// <summary>Stores the entry; must have stored it when the task completes.</summary>
    ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken);
}
