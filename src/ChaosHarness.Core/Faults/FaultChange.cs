using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults;

/// <summary>One change a fault makes to the fleet, and its exact undo.</summary>
/// <param name="Description">What the change does, for the dry run and the timeline ("cordon and taint node a-1").</param>
/// <param name="Undo">How to undo it, journaled before <paramref name="Apply"/> runs.</param>
/// <param name="Apply">Makes the change. Must be safe to undo at any point, even if it never ran or ran halfway.</param>
public sealed record FaultChange(string Description, UndoRecord Undo, Func<CancellationToken, ValueTask> Apply);
