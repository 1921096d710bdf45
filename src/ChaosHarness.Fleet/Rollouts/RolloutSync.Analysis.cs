using System.Globalization;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Analysis;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The AnalysisRuns of a rollout: one per analysis step and one in the background, created from their templates, followed
/// in <c>status.canary</c>, and acted on when they end: Failed or Error aborts the rollout, Inconclusive pauses it.
/// </summary>
internal sealed partial class RolloutSync
{
    private const int RunHistoryLimit = 5;

    private AnalysisRun? _currentStepRun;
    private AnalysisRun? _currentBackgroundRun;
    private List<AnalysisRun> _otherRuns = [];

    private void LoadAnalysisRuns()
    {
        var owned = _runtime.AnalysisRuns.Objects()
            .Where(o => o.Namespace == _rollout.Namespace && o.OwnerUids.Contains(_object.Uid))
            .Select(ArgoJson.Read<AnalysisRun>)
            .OrderBy(r => r.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ToList();
        _currentStepRun = owned.FirstOrDefault(r => r.Name == Status.Canary.CurrentStepAnalysisRunStatus?.Name);
        _currentBackgroundRun = owned.FirstOrDefault(r => r.Name == Status.Canary.CurrentBackgroundAnalysisRunStatus?.Name);
        _otherRuns = [.. owned.Where(r => r != _currentStepRun && r != _currentBackgroundRun)];
    }

    private bool IgnoresFailedAnalysis => _runtime.Defects.IsOn(FleetDefect.RolloutIgnoresFailedAnalysis);

    private async Task ReconcileAnalysisRunsAsync(CancellationToken cancellationToken)
    {
        var initialDeploy = string.IsNullOrEmpty(Status.StableRS);
        var rollbackToScaleDownDelay = _sets.New?.Model.ScaleDownDeadline() is not null;
        if (_pause.IsAborted || Status.PromoteFull || rollbackToScaleDownDelay || initialDeploy)
        {
            SetCurrentAnalysisRuns(_currentStepRun, _currentBackgroundRun);
            foreach (var run in new[] { _currentStepRun, _currentBackgroundRun }.Concat(_otherRuns))
            {
                await CancelAsync(run, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var previousStep = Status.Canary.CurrentStepAnalysisRunStatus;
        var previousBackground = Status.Canary.CurrentBackgroundAnalysisRunStatus;
        var stepRun = await ReconcileStepRunAsync(cancellationToken).ConfigureAwait(false);
        var backgroundRun = await ReconcileBackgroundRunAsync(cancellationToken).ConfigureAwait(false);
        SetCurrentAnalysisRuns(stepRun, backgroundRun);

        var others = _otherRuns.Where(r => r.Name != stepRun?.Name && r.Name != backgroundRun?.Name).ToList();
        foreach (var run in others) await CancelAsync(run, cancellationToken).ConfigureAwait(false);
        await DeleteOldRunsAsync(others, cancellationToken).ConfigureAwait(false);

        RecordRunChange(previousStep, stepRun, "Step");
        RecordRunChange(previousBackground, backgroundRun, "Background");
    }

    private async Task<AnalysisRun?> ReconcileStepRunAsync(CancellationToken cancellationToken)
    {
        var (step, index) = CanarySteps.Current(_rollout);
        var current = _currentStepRun;
        if (Status.PauseConditions is { Count: > 0 } || Status.Abort) return current;
        var fromPreviousStep = step?.Analysis is not null && current is not null &&
            current.Metadata.Label(ArgoLabels.StepIndex) != index?.ToString(CultureInfo.InvariantCulture);
        if (step?.Analysis is not { } analysis || index is null || fromPreviousStep)
        {
            await CancelAsync(current, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (NeedsNewRun(current))
        {
            var labels = new Dictionary<string, string>
            {
                [ArgoLabels.PodTemplateHash] = NewPodHash,
                [ArgoLabels.RolloutType] = ArgoLabels.StepRun,
                [ArgoLabels.StepIndex] = index.Value.ToString(CultureInfo.InvariantCulture),
            };
            return await CreateRunAsync(analysis, index.Value.ToString(CultureInfo.InvariantCulture), labels, cancellationToken).ConfigureAwait(false);
        }

        ActOnRun(current!, RolloutReasons.StepAnalysisFailedPrefix);
        return current;
    }

    private async Task<AnalysisRun?> ReconcileBackgroundRunAsync(CancellationToken cancellationToken)
    {
        var current = _currentBackgroundRun;
        if (_rollout.Canary?.Analysis is not { Templates.Count: > 0 } analysis)
        {
            await CancelAsync(current, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (Status.StableRS == Status.CurrentPodHash || string.IsNullOrEmpty(Status.StableRS) || string.IsNullOrEmpty(Status.CurrentPodHash) ||
            CanarySteps.BeforeStartingStep(_rollout))
        {
            return null;
        }

        if (Status.PauseCondition(PauseReasons.InconclusiveAnalysis) is not null) return current;
        if (NeedsNewRun(current))
        {
            var labels = new Dictionary<string, string>
            {
                [ArgoLabels.PodTemplateHash] = NewPodHash,
                [ArgoLabels.RolloutType] = ArgoLabels.BackgroundRun,
            };
            return await CreateRunAsync(analysis, "", labels, cancellationToken).ConfigureAwait(false);
        }

        ActOnRun(current!, RolloutReasons.BackgroundAnalysisFailedPrefix);
        return current;
    }

    /// <summary>Inconclusive pauses the rollout; Failed or Error aborts it — unless the controller ignores failed analysis.</summary>
    private void ActOnRun(AnalysisRun run, string abortPrefix)
    {
        switch (run.Phase)
        {
            case AnalysisPhase.Inconclusive:
                _pause.AddPause(PauseReasons.InconclusiveAnalysis);
                break;
            case AnalysisPhase.Failed or AnalysisPhase.Error when !IgnoresFailedAnalysis:
                _pause.AddAbort($"{abortPrefix}: {run.Status?.Message}");
                break;
        }
    }

    /// <summary>
    /// A run is needed when there is none, when an inconclusive run was promoted past (the controller had paused for it), or
    /// when the rollout is retried after an abort.
    /// </summary>
    private bool NeedsNewRun(AnalysisRun? current)
    {
        if (current is null) return true;
        if (Status.ControllerPause && Status.PauseCondition(PauseReasons.CanaryPauseStep) is null) return current.Phase == AnalysisPhase.Inconclusive;
        return Status.AbortedAt is not null;
    }

    private string NewPodHash => _sets.New?.Model.PodHash() ?? throw new InvalidOperationException($"Latest ReplicaSet of '{_rollout.Name}' has no pod hash in the labels");

    /// <summary>Creates the run named <c>&lt;rollout&gt;-&lt;hash&gt;-&lt;revision&gt;[-&lt;step&gt;]</c>, adding <c>.1</c>, <c>.2</c>… on a collision.</summary>
    private async Task<AnalysisRun> CreateRunAsync(RolloutAnalysis analysis, string infix, IReadOnlyDictionary<string, string> labels,
        CancellationToken cancellationToken)
    {
        var templates = analysis.Templates.Select(Template).ToList();
        var sources = new ArgumentSources(_rollout, _sets.Stable?.Model.PodHash(), _sets.New?.Model.PodHash());
        var baseName = string.Join("-", new[] { _rollout.Name, NewPodHash, Revision.ToString(CultureInfo.InvariantCulture), infix }.Where(p => p.Length > 0));
        var body = AnalysisRunFactory.Create(_object, _rollout, analysis, templates, sources, baseName, labels);
        for (var collisions = 1; ; collisions++)
        {
            try
            {
                var created = await Client.CreateAsync(ArgoResources.AnalysisRuns, _rollout.Namespace, body, cancellationToken).ConfigureAwait(false);
                return ArgoJson.Read<AnalysisRun>(created);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                var name = (string)body["metadata"]!["name"]!;
                var existing = await Client.GetAsync(ArgoResources.AnalysisRuns, _rollout.Namespace, name, cancellationToken).ConfigureAwait(false);
                var run = ArgoJson.Read<AnalysisRun>(existing);
                if (!AnalysisPhase.IsCompleted(run.Status?.Phase) && existing.OwnerUids.Contains(_object.Uid) &&
                    JsonNode.DeepEquals(existing.ToJsonObject()["spec"], body["spec"]))
                {
                    return run;
                }

                body["metadata"]!["name"] = $"{baseName}.{collisions}";
            }
        }
    }

    private StoredObject Template(AnalysisTemplateRef reference) => reference.ClusterScope
        ? _runtime.ClusterAnalysisTemplates.GetObject(new ObjectKey(null, reference.TemplateName))
            ?? throw ApiException.NotFound(ArgoResources.ClusterAnalysisTemplates, reference.TemplateName)
        : _runtime.AnalysisTemplates.GetObject(new ObjectKey(_rollout.Namespace, reference.TemplateName))
            ?? throw ApiException.NotFound(ArgoResources.AnalysisTemplates, reference.TemplateName);

    private void SetCurrentAnalysisRuns(AnalysisRun? step, AnalysisRun? background)
    {
        _newStatus.Canary.CurrentStepAnalysisRunStatus = RunStatus(step);
        _newStatus.Canary.CurrentBackgroundAnalysisRunStatus = RunStatus(background);
    }

    private static RolloutAnalysisRunStatus? RunStatus(AnalysisRun? run) => run is null
        ? null
        : new RolloutAnalysisRunStatus { Name = run.Name, Status = run.Status?.Phase ?? "", Message = run.Status?.Message };

    /// <summary>Stops a run still measuring (<c>spec.terminate</c>); a terminated run completes with what it has.</summary>
    private async Task CancelAsync(AnalysisRun? run, CancellationToken cancellationToken)
    {
        if (run is null || run.Spec.Terminate || AnalysisPhase.IsCompleted(run.Status?.Phase)) return;
        try
        {
            await Client.PatchAsync(ArgoResources.AnalysisRuns, run.Metadata.NamespaceProperty, run.Name, PatchType.Merge,
                new JsonObject { ["spec"] = new JsonObject { ["terminate"] = true } }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    /// <summary>Keeps the newest five successful and five unsuccessful runs that are no longer current.</summary>
    private async Task DeleteOldRunsAsync(IReadOnlyList<AnalysisRun> others, CancellationToken cancellationToken)
    {
        var completed = others.Where(r => AnalysisPhase.IsCompleted(r.Status?.Phase)).ToList();
        var excess = completed.Where(r => r.Phase == AnalysisPhase.Successful).SkipLast(RunHistoryLimit)
            .Concat(completed.Where(r => r.Phase != AnalysisPhase.Successful).SkipLast(RunHistoryLimit));
        foreach (var run in excess)
        {
            await Client.DeleteAsync(ArgoResources.AnalysisRuns, run.Metadata.NamespaceProperty, run.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private void RecordRunChange(RolloutAnalysisRunStatus? previous, AnalysisRun? run, string kind)
    {
        if (run?.Status?.Phase is not { Length: > 0 } phase) return;
        if (previous is not null && (previous.Name != run.Name || previous.Status == phase)) return;
        var warning = phase is AnalysisPhase.Failed or AnalysisPhase.Error;
        Record($"AnalysisRun{phase}", $"{kind} Analysis Run '{run.Name}' Status New: '{phase}' Previous: '{previous?.Status ?? "NoPreviousStatus"}'", warning);
    }
}
