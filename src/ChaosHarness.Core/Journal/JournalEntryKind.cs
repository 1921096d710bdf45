namespace ChaosHarness.Core.Journal;

public enum JournalEntryKind
{
    /// <summary>The run opened its journal: who is running it (host, process).</summary>
    RunStarted,

    /// <summary>A fault is about to touch the fleet: what, where, and its exact undo. Written and flushed first.</summary>
    Intent,

    /// <summary>Every change of the fault was made.</summary>
    Injected,

    /// <summary>Every change of the fault was undone.</summary>
    Reverted,

    /// <summary>An undo failed; the fault is still considered in place.</summary>
    RevertFailed,

    /// <summary>The fault was refused or failed before touching anything that its undo would not cover.</summary>
    Abandoned,

    /// <summary>The run closed its journal normally.</summary>
    RunFinished,
}
