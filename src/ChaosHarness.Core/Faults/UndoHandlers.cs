using ChaosHarness.Core.Journal;

namespace ChaosHarness.Core.Faults;

/// <summary>The registered undo handlers, by kind.</summary>
public sealed class UndoHandlers
{
    private readonly Dictionary<string, IUndoHandler> _handlers = new(StringComparer.Ordinal);

    public UndoHandlers Add(IUndoHandler handler)
    {
        _handlers[handler.Kind] = handler;
        return this;
    }

    public bool Handles(string kind) => _handlers.ContainsKey(kind);

    public ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
        => _handlers.TryGetValue(undo.Kind, out var handler)
            ? handler.UndoAsync(undo, run, cancellationToken)
            : throw new InvalidOperationException($"No undo handler is registered for '{undo.Kind}' ({undo.Subject} in {undo.Cluster}); known: {string.Join(", ", _handlers.Keys)}.");

    /// <summary>Undoes the changes in reverse order; every undo is attempted even if an earlier one fails.</summary>
    public async Task<IReadOnlyList<string>> UndoAllAsync(IReadOnlyList<UndoRecord> undo, RunId run, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            try
            {
                await UndoAsync(undo[i], run, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{undo[i].Subject} in {undo[i].Cluster}: {e.Message}");
            }
        }

        return failures;
    }
}
