using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Faults;

internal sealed class InjectedFault(
    string id,
    IFault fault,
    IReadOnlyList<UndoRecord> undo,
    RunId run,
    FaultJournal? journal,
    UndoHandlers undoHandlers,
    Timeline timeline,
    FaultInjectorOptions options,
    DateTimeOffset injectedAt,
    bool isDryRun) : IInjectedFault
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Id { get; } = id;

    public string Name => fault.Name;

    public FaultTarget Target => fault.Target;

    public DateTimeOffset InjectedAt { get; } = injectedAt;

    public DateTimeOffset? RevertedAt { get; private set; }

    public bool IsDryRun { get; } = isDryRun;

    /// <summary>
    /// Reverts once; later calls return at once. The caller's token only bounds the wait for another revert in
    /// progress: a revert that has started is not abandoned because the experiment was cancelled.
    /// </summary>
    public async ValueTask RevertAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (RevertedAt is not null)
            {
                return;
            }

            if (IsDryRun)
            {
                options.Output.WriteLine($"[dry run] would revert {Name} on {Target}");
                RevertedAt = timeline.Clock.GetUtcNow();
                return;
            }

            using var timeout = new CancellationTokenSource(options.RevertTimeout, timeline.Clock);
            var failures = await undoHandlers.UndoAllAsync(undo, run, timeout.Token).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                await journal!.AppendAsync(journal.Draft(JournalEntryKind.RevertFailed) with { FaultId = Id, Fault = Name, Target = Target, Detail = string.Join("; ", failures) }, CancellationToken.None).ConfigureAwait(false);
                timeline.Record(TimelineEventKind.Action, Target.Source, Name, $"revert failed: {string.Join("; ", failures)}");
                throw new FaultRevertException(Name, failures);
            }

            var entry = await journal!.AppendAsync(journal.Draft(JournalEntryKind.Reverted) with { FaultId = Id, Fault = Name, Target = Target }, CancellationToken.None).ConfigureAwait(false);
            RevertedAt = entry.At;
            timeline.Record(TimelineEventKind.Action, Target.Source, Name, "reverted");
            options.Output.WriteLine($"reverted {Name} on {Target}");
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync() => RevertAsync(CancellationToken.None);
}
