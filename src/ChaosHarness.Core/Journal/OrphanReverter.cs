using ChaosHarness.Core.Faults;

namespace ChaosHarness.Core.Journal;

/// <summary>
/// The <c>revert</c> operation: finds the faults that runs which are no longer alive left in place and undoes
/// exactly their journaled changes, through the registered undo handlers. Safe to run again: undo handlers are
/// idempotent and every revert is journaled in the dead run's own journal.
/// </summary>
public sealed class OrphanReverter(JournalDirectory directory, UndoHandlers undoHandlers, TimeProvider clock)
{
    /// <summary>Mirrors the revert entries of a run somewhere else too (e.g. the cluster's copy of its journal).</summary>
    public Func<RunId, IEnumerable<IJournalMirror>> Mirrors { get; init; } = _ => [];

    public TimeSpan RevertTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <param name="only">Revert only this run (it must not be alive); null: every dead run.</param>
    public async Task<RevertReport> RevertAsync(RunId? only = null, CancellationToken cancellationToken = default)
    {
        var outcomes = new List<RevertOutcome>();
        var skipped = new List<string>();
        var runs = only is { } single ? [single] : directory.Runs();
        foreach (var run in runs)
        {
            var entries = await directory.ReadAsync(run, cancellationToken).ConfigureAwait(false);
            var inPlace = JournaledFault.From(entries).Where(f => f.IsInPlace).ToList();
            if (inPlace.Count == 0)
            {
                continue;
            }

            FaultJournal journal;
            try
            {
                journal = await FaultJournal.OpenAsync(directory.Path, run, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                skipped.Add(run.Value);
                continue;
            }

            await using (journal.ConfigureAwait(false))
            {
                foreach (var mirror in Mirrors(run))
                {
                    journal.AddMirror(mirror);
                }

                // Re-read under the lock: another reverter may have finished this run in between.
                entries = await directory.ReadAsync(run, cancellationToken).ConfigureAwait(false);
                foreach (var fault in JournaledFault.From(entries).Where(f => f.IsInPlace).OrderByDescending(f => f.Intent.Sequence))
                {
                    outcomes.Add(await RevertFaultAsync(journal, run, fault, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return new RevertReport(outcomes, skipped);
    }

    private async Task<RevertOutcome> RevertFaultAsync(FaultJournal journal, RunId run, JournaledFault fault, CancellationToken cancellationToken)
    {
        var undo = fault.Intent.Undo ?? [];
        using var deadline = new CancellationTokenSource(RevertTimeout, clock);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var failures = await undoHandlers.UndoAllAsync(undo, run, timeout.Token).ConfigureAwait(false);
        var by = $"by revert from {Environment.MachineName} pid {Environment.ProcessId}";
        await journal.AppendAsync(
            journal.Draft(failures.Count == 0 ? JournalEntryKind.Reverted : JournalEntryKind.RevertFailed) with
            {
                FaultId = fault.FaultId,
                Fault = fault.Intent.Fault,
                Target = fault.Intent.Target,
                Detail = failures.Count == 0 ? by : $"{by}: {string.Join("; ", failures)}",
            },
            CancellationToken.None).ConfigureAwait(false);
        return new RevertOutcome(run.Value, fault.FaultId, fault.Intent.Fault ?? "?", fault.Intent.Target?.ToString() ?? "?", undo.Count, failures.Count == 0, failures);
    }
}
