using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Faults;

/// <summary>
/// Injects faults in the one safe order: guardrails on the target (before any request), plan (reads only),
/// blast radius, a revert path for every change, journal (flushed and mirrored), then the changes.
/// </summary>
public sealed class FaultInjector(
    Fleet fleet,
    RunId run,
    FaultJournal? journal,
    UndoHandlers undoHandlers,
    Timeline timeline,
    ExperimentServices services,
    FaultInjectorOptions options)
{
    private int _faultCount;

    public FaultInjectorOptions Options { get; } = options;

    public async Task<IInjectedFault> InjectAsync(IFault fault, CancellationToken cancellationToken)
    {
        EnsureTargetAllowed(fault);
        var faultId = $"f{Interlocked.Increment(ref _faultCount)}";
        var context = new FaultContext(fleet, run, faultId, fleet.Clock, services);
        var plan = await fault.PlanAsync(context, cancellationToken).ConfigureAwait(false);
        fleet.BlastRadius.Ensure(plan.Impact);
        var unhandled = plan.Changes.Select(c => c.Undo.Kind).Distinct().Where(k => !undoHandlers.Handles(k)).ToList();
        if (unhandled.Count > 0)
        {
            throw new GuardrailViolationException($"{fault.Name} plans changes no registered handler can undo ({string.Join(", ", unhandled)}); nothing was injected.");
        }

        var undo = plan.Changes.Select(c => c.Undo).ToList();
        if (Options.DryRun)
        {
            Options.Output.WriteLine($"[dry run] would inject {fault.Name} on {fault.Target}: {plan.Intent}");
            foreach (var change in plan.Changes)
            {
                Options.Output.WriteLine($"[dry run]   would {change.Description}");
            }

            timeline.Record(TimelineEventKind.Action, fault.Target.Source, fault.Name, $"dry run: would {plan.Intent} ({plan.Changes.Count} change(s))");
            return new InjectedFault(faultId, fault, [], run, journal: null, undoHandlers, timeline, Options, fleet.Clock.GetUtcNow(), isDryRun: true);
        }

        if (journal is null)
        {
            throw new InvalidOperationException("A fault can only be injected with a journal open (or in a dry run).");
        }

        try
        {
            await journal.AppendAsync(
                journal.Draft(JournalEntryKind.Intent) with { FaultId = faultId, Fault = fault.Name, Target = fault.Target, Intent = plan.Intent, Undo = undo },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The disk copy may hold the intent while a mirror (the cluster's copy) refused it: nothing was applied.
            await journal.AppendAsync(journal.Draft(JournalEntryKind.Abandoned) with { FaultId = faultId, Fault = fault.Name, Target = fault.Target, Detail = $"not injected: the journal could not be written everywhere: {e.Message}" }, CancellationToken.None, localOnly: true).ConfigureAwait(false);
            throw;
        }
        timeline.Record(TimelineEventKind.Action, fault.Target.Source, fault.Name, $"injecting: {plan.Intent}");
        Options.Output.WriteLine($"injecting {fault.Name} on {fault.Target}: {plan.Intent}");

        var applied = 0;
        try
        {
            foreach (var change in plan.Changes)
            {
                await change.Apply(cancellationToken).ConfigureAwait(false);
                applied++;
            }
        }
        catch (Exception e)
        {
            var failures = await UndoAfterFailedApplyAsync(faultId, fault, undo).ConfigureAwait(false);
            throw new FaultInjectionException(
                $"Injecting {fault.Name} on {fault.Target} failed after {applied} of {plan.Changes.Count} change(s): {e.Message}" +
                (failures.Count == 0 ? " Everything applied was reverted." : $" Reverting left {failures.Count} change(s) in place; run 'chaos revert'."),
                failures,
                e);
        }

        var injected = await journal.AppendAsync(journal.Draft(JournalEntryKind.Injected) with { FaultId = faultId, Fault = fault.Name, Target = fault.Target }, CancellationToken.None).ConfigureAwait(false);
        timeline.Record(TimelineEventKind.Action, fault.Target.Source, fault.Name, $"injected ({plan.Changes.Count} change(s))");
        return new InjectedFault(faultId, fault, undo, run, journal, undoHandlers, timeline, Options, injected.At, isDryRun: false);
    }

    private void EnsureTargetAllowed(IFault fault)
    {
        var target = fault.Target;
        IReadOnlyList<string> knownZones;
        string where;
        if (target.Cluster is null)
        {
            var region = fleet.Regions.FirstOrDefault(r => r.Name == target.Region)
                         ?? throw new GuardrailViolationException($"{fault.Name}: fleet '{fleet.Name}' has no region '{target.Region}' (regions: {string.Join(", ", fleet.Regions.Select(r => r.Name))}). Nothing was sent.");
            knownZones = [.. region.Zones.Select(z => z.Name)];
            where = $"region '{region.Name}'";
        }
        else
        {
            ClusterTarget cluster;
            try
            {
                cluster = fleet.Cluster(target.Cluster);
            }
            catch (UnknownClusterException e)
            {
                throw new GuardrailViolationException($"{fault.Name}: {e.Message} Nothing was sent.");
            }

            knownZones = cluster.Zones;
            where = $"cluster '{cluster.Name}'";
        }

        if (target.Namespace is not null)
        {
            fleet.AllowList.EnsureNamespace(target.Namespace);
        }

        var zones = target.Zones ?? [];
        foreach (var zone in zones.Where(z => !knownZones.Contains(z, StringComparer.Ordinal)))
        {
            throw new GuardrailViolationException($"{fault.Name}: {where} has no zone '{zone}' (zones: {string.Join(", ", knownZones)}). Nothing was sent.");
        }

        if (zones.Count > fleet.BlastRadius.MaxZonesPerFault)
        {
            throw new GuardrailViolationException(
                $"{fault.Name} targets {zones.Count} zones ({string.Join(", ", zones)}) but the blast radius allows at most {fleet.BlastRadius.MaxZonesPerFault} per fault; nothing was sent.");
        }
    }

    private async Task<IReadOnlyList<string>> UndoAfterFailedApplyAsync(string faultId, IFault fault, IReadOnlyList<UndoRecord> undo)
    {
        using var timeout = new CancellationTokenSource(Options.RevertTimeout, fleet.Clock);
        var failures = await undoHandlers.UndoAllAsync(undo, run, timeout.Token).ConfigureAwait(false);
        var kind = failures.Count == 0 ? JournalEntryKind.Reverted : JournalEntryKind.RevertFailed;
        await journal!.AppendAsync(journal.Draft(kind) with { FaultId = faultId, Fault = fault.Name, Target = fault.Target, Detail = failures.Count == 0 ? "apply failed; reverted" : string.Join("; ", failures) }, CancellationToken.None).ConfigureAwait(false);
        timeline.Record(TimelineEventKind.Action, fault.Target.Source, fault.Name, failures.Count == 0 ? "apply failed; reverted" : $"apply failed; revert failed: {string.Join("; ", failures)}");
        return failures;
    }
}
