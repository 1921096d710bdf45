namespace ChaosHarness.Core.Journal;

/// <summary>A fault as its run's journal tells it: its intent, its undo, and whether it is still in place.</summary>
public sealed record JournaledFault(string Run, string FaultId, JournalEntry Intent, JournalEntryKind LastState)
{
    public bool IsInPlace => LastState is JournalEntryKind.Intent or JournalEntryKind.Injected or JournalEntryKind.RevertFailed;

    public static IReadOnlyList<JournaledFault> From(IEnumerable<JournalEntry> entries)
    {
        var faults = new Dictionary<string, JournaledFault>(StringComparer.Ordinal);
        foreach (var entry in entries.OrderBy(e => e.Sequence))
        {
            if (entry.FaultId is null)
            {
                continue;
            }

            if (entry.Kind == JournalEntryKind.Intent)
            {
                faults[entry.FaultId] = new JournaledFault(entry.Run, entry.FaultId, entry, JournalEntryKind.Intent);
            }
            else if (faults.TryGetValue(entry.FaultId, out var fault))
            {
                faults[entry.FaultId] = fault with { LastState = entry.Kind };
            }
        }

        return faults.Values.ToList();
    }
}
