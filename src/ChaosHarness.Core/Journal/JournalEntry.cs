using ChaosHarness.Core.Faults;

namespace ChaosHarness.Core.Journal;

/// <summary>One line of a run's journal.</summary>
public sealed record JournalEntry(
    string Run,
    long Sequence,
    DateTimeOffset At,
    JournalEntryKind Kind,
    string? FaultId = null,
    string? Fault = null,
    FaultTarget? Target = null,
    string? Intent = null,
    IReadOnlyList<UndoRecord>? Undo = null,
    string? Detail = null,
    string? Host = null,
    int? ProcessId = null);
