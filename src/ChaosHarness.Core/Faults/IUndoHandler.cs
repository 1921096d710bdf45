using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults;

/// <summary>Undoes one kind of change from its journaled <see cref="UndoRecord"/>. Must be idempotent.</summary>
public interface IUndoHandler
{
    string Kind { get; }

    ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken);
}
