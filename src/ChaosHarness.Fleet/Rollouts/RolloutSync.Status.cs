using System.Globalization;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The status of a canary rollout after a reconcile (Argo's syncRolloutStatusCanary and calculateRolloutConditions): step
/// progress, abort, promotion, conditions and phase, patched as the difference from what was there.
/// </summary>
internal sealed partial class RolloutSync
{
    private const int DefaultProgressDeadlineSeconds = 600;

    private async Task SyncStatusAsync(CancellationToken cancellationToken)
    {
        var status = BaseStatus();
        var (step, index) = CanarySteps.Current(_rollout);
        var stepCount = _rollout.Steps.Count;

        if (PodTemplateOrStepsChanged())
        {
            _pause.ClearPauses();
            _pause.RemoveAbort();
            status.PromoteFull = false;
            status.Canary.CurrentStepAnalysisRunStatus = null;
            status.Canary.CurrentBackgroundAnalysisRunStatus = null;
            status.CurrentStepIndex = stepCount > 0 ? 0 : null;
            if (_sets.New is { } newRs && Status.StableRS == newRs.Model.PodHash() && stepCount > 0)
            {
                Record(RolloutReasons.SkipSteps, "Rollback to stable");
                status.CurrentStepIndex = stepCount;
            }

            await PersistAsync(CalculateConditions(status), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (Status.PromoteFull)
        {
            _pause.ClearPauses();
            _pause.RemoveAbort();
            if (stepCount > 0) index = stepCount;
        }

        if (ShouldFullPromote() is { } reason)
        {
            PromoteStable(status, reason);
            await PersistAsync(CalculateConditions(status), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_pause.IsAborted)
        {
            if (stepCount > 0) status.CurrentStepIndex = status.StableRS == status.CurrentPodHash ? stepCount : 0;
            await PersistAsync(CalculateConditions(status), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (CompletedCurrentStep(step))
        {
            index = index!.Value + 1;
            status.Canary.CurrentStepAnalysisRunStatus = null;
            Record(RolloutReasons.RolloutStepCompleted, Format(RolloutReasons.RolloutStepCompletedMessage, index, stepCount, step));
            _pause.RemovePause(PauseReasons.CanaryPauseStep);
        }

        status.CurrentStepIndex = index;
        await PersistAsync(CalculateConditions(status), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What every status starts from: counts from the ReplicaSets, the hashes, the conditions so far.</summary>
    private RolloutStatus BaseStatus()
    {
        var status = new RolloutStatus
        {
            CurrentPodHash = _sets.New?.Model.PodHash() ?? _podHash,
            Replicas = _sets.All.Actual(),
            UpdatedReplicas = _sets.New?.Model.ActualReplicas() ?? 0,
            ReadyReplicas = _sets.All.Ready(),
            AvailableReplicas = _sets.All.Available(),
            HpaReplicas = _sets.All.Actual(),
            Selector = Selector,
            CollisionCount = Status.CollisionCount,
            Conditions = [.. (_previous.Conditions ?? []).Select(c => c.Copy())],
            StableRS = Status.StableRS,
            CurrentStepHash = StepHash,
            Canary = new CanaryStatus
            {
                Weights = _newStatus.Canary.Weights,
                CurrentStepAnalysisRunStatus = _newStatus.Canary.CurrentStepAnalysisRunStatus,
                CurrentBackgroundAnalysisRunStatus = _newStatus.Canary.CurrentBackgroundAnalysisRunStatus,
            },
        };
        status.PromoteFull = status.CurrentPodHash != status.StableRS && Status.PromoteFull;
        return status;
    }

    /// <summary>Why the new version becomes stable now, or null while it is mid-update.</summary>
    private string? ShouldFullPromote()
    {
        if (_sets.Stable is null) return "Initial deploy";
        if (_pause.IsAborted) return null;
        if (_sets.New is not { } newRs || newRs.Model.AvailableReplicas() != _rollout.Replicas) return null;
        if (Status.PromoteFull) return "Full promotion requested";
        var (_, index) = CanarySteps.Current(_rollout);
        var stepCount = _rollout.Steps.Count;
        return stepCount == 0 || index == stepCount ? $"Completed all {stepCount} canary steps" : null;
    }

    private void PromoteStable(RolloutStatus status, string reason)
    {
        _pause.ClearPauses();
        _pause.RemoveAbort();
        status.PromoteFull = false;
        status.CurrentStepIndex = _rollout.Steps.Count > 0 ? _rollout.Steps.Count : null;
        if (status.StableRS == status.CurrentPodHash) return;
        status.StableRS = status.CurrentPodHash;
        Record(RolloutReasons.RolloutCompleted, Format(RolloutReasons.RolloutCompletedMessage, Revision, status.CurrentPodHash, reason));
    }

    private bool CompletedCurrentStep(CanaryStep? step)
    {
        if (_rollout.Spec.Paused || step is null) return false;
        if (step.Pause is { } pause) return _pause.CompletedPauseStep(pause);
        if (step.SetCanaryScale is not null || step.SetWeight is not null) return CanaryReplicaCounts.AtDesired(_rollout, _sets, IgnoresAvailability);
        if (step.Analysis is not null)
        {
            var run = _newStatus.Canary.CurrentStepAnalysisRunStatus;
            return run is not null && (run.Status == AnalysisPhase.Successful || (IgnoresFailedAnalysis && AnalysisPhase.IsCompleted(run.Status)));
        }

        return step.Experiment is not null;
    }

    private RolloutStatus CalculateConditions(RolloutStatus status)
    {
        var isPaused = Status.PauseConditions is { Count: > 0 } || _rollout.Spec.Paused;
        var isAborted = _pause.IsAborted;
        var becameUnhealthy = false;
        if (!isPaused && IsHealthy(status))
        {
            RolloutConditions.Set(status, New(RolloutConditions.Healthy, "True", RolloutReasons.RolloutHealthy, RolloutReasons.RolloutHealthyMessage));
        }
        else if (_previous.Condition(RolloutConditions.Healthy) is not null)
        {
            becameUnhealthy = RolloutConditions.Set(status,
                New(RolloutConditions.Healthy, "False", RolloutReasons.RolloutHealthy, RolloutReasons.RolloutNotHealthyMessage));
        }

        if (isAborted)
        {
            var message = Format(RolloutReasons.RolloutAbortedMessage, Revision);
            if (!string.IsNullOrEmpty(_pause.AbortMessage)) message = $"{message}: {_pause.AbortMessage}";
            if (RolloutConditions.Set(status, New(RolloutConditions.Progressing, "False", RolloutReasons.RolloutAborted, message)))
            {
                Record(RolloutReasons.RolloutAborted, message, warning: true);
            }
        }
        else
        {
            UpdateProgressing(status, isPaused, becameUnhealthy);
        }

        RolloutConditions.Set(status, _sets.All.Available() >= _rollout.Replicas
            ? New(RolloutConditions.Available, "True", RolloutReasons.Available, RolloutReasons.AvailableMessage)
            : New(RolloutConditions.Available, "False", RolloutReasons.Available, RolloutReasons.NotAvailableMessage));

        var failure = (_sets.New is { } newRs ? new[] { newRs } : []).Concat(_sets.All)
            .SelectMany(rs => rs.Model.Status?.Conditions ?? []).FirstOrDefault(c => c.Type == RolloutConditions.ReplicaFailure);
        if (failure is not null)
        {
            var at = failure.LastTransitionTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : _now;
            RolloutConditions.Set(status, new RolloutCondition
            {
                Type = failure.Type, Status = failure.Status, Reason = failure.Reason, Message = failure.Message, LastTransitionTime = at, LastUpdateTime = at,
            });
        }
        else
        {
            RolloutConditions.Remove(status, RolloutConditions.ReplicaFailure);
        }

        var completed = !string.IsNullOrEmpty(status.StableRS) && status.StableRS == status.CurrentPodHash;
        if (RolloutConditions.Set(status, New(RolloutConditions.Completed, completed ? "True" : "False", RolloutReasons.RolloutCompleted, RolloutReasons.RolloutCompleted))
            && !completed)
        {
            Record(RolloutReasons.RolloutNotCompleted, Format(RolloutReasons.RolloutNotCompletedMessage, Revision + 1, status.CurrentPodHash));
        }

        return status;
    }

    /// <summary>
    /// Progressing: True with NewReplicaSetAvailable once healthy, True with ReplicaSetUpdated while something moves (counts,
    /// stable, step), False with ProgressDeadlineExceeded when nothing has moved for progressDeadlineSeconds — not counted while
    /// paused or at a pause or analysis step. With progressDeadlineAbort the deadline also aborts the update.
    /// </summary>
    private void UpdateProgressing(RolloutStatus status, bool isPaused, bool becameUnhealthy)
    {
        var current = _previous.Condition(RolloutConditions.Progressing);
        var rsName = _sets.New?.Name;
        if (IsHealthy(status))
        {
            RolloutConditions.Set(status, New(RolloutConditions.Progressing, "True", RolloutReasons.NewReplicaSetAvailable,
                Format(RolloutReasons.ReplicaSetCompletedMessage, rsName ?? "")));
            return;
        }

        if (IsProgressing(status) || becameUnhealthy)
        {
            var message = rsName is null ? Format(RolloutReasons.RolloutProgressingMessage, _rollout.Name) : Format(RolloutReasons.ReplicaSetProgressingMessage, rsName);
            var reason = RolloutReasons.ReplicaSetUpdated;
            if (status.StableRS == status.CurrentPodHash && becameUnhealthy)
            {
                reason = RolloutReasons.ReplicaSetNotAvailable;
                message = RolloutReasons.NotAvailableMessage;
            }

            var condition = New(RolloutConditions.Progressing, "True", reason, message);
            if (current is not null)
            {
                if (current.Status == "True") condition.LastTransitionTime = current.LastTransitionTime;
                RolloutConditions.Remove(status, RolloutConditions.Progressing);
            }

            RolloutConditions.Set(status, condition);
            return;
        }

        if (IsIndefiniteStep || isPaused || !HasTimedOut(status)) return;
        var timeout = rsName is null ? Format(RolloutReasons.RolloutTimeOutMessage, _rollout.Name) : Format(RolloutReasons.ReplicaSetTimeOutMessage, rsName);
        var changed = RolloutConditions.Set(status, New(RolloutConditions.Progressing, "False", RolloutReasons.ProgressDeadlineExceeded, timeout));
        if (_rollout.Spec.ProgressDeadlineAbort && (changed || !_pause.IsAborted))
        {
            _pause.AddAbort(timeout);
            Record(RolloutReasons.RolloutAborted, timeout, warning: true);
        }
    }

    /// <summary>Every replica updated and available, all steps done, the new version stable, no old replicas left.</summary>
    private bool IsHealthy(RolloutStatus status)
    {
        var replicas = _rollout.Replicas;
        var stepCount = _rollout.Steps.Count;
        var executedAllSteps = stepCount == 0 || status.CurrentStepIndex is null || status.CurrentStepIndex == stepCount;
        var currentIsStable = !string.IsNullOrEmpty(status.StableRS) && status.StableRS == status.CurrentPodHash;
        return status.UpdatedReplicas == replicas && status.AvailableReplicas == replicas &&
            Status.ObservedGeneration == _rollout.Generation.ToString(CultureInfo.InvariantCulture) &&
            executedAllSteps && currentIsStable && status.Replicas == replicas;
    }

    private bool IsProgressing(RolloutStatus status)
    {
        var old = Status;
        var stepMoved = status.CurrentStepIndex is { } now && old.CurrentStepIndex is { } before && now != before;
        return status.UpdatedReplicas != old.UpdatedReplicas ||
            status.Replicas - status.UpdatedReplicas < old.Replicas - old.UpdatedReplicas ||
            status.ReadyReplicas > old.ReadyReplicas ||
            status.AvailableReplicas > old.AvailableReplicas ||
            status.StableRS != old.StableRS || stepMoved || status.CurrentStepHash != old.CurrentStepHash;
    }

    private bool HasTimedOut(RolloutStatus status)
    {
        var condition = status.Condition(RolloutConditions.Progressing);
        if (condition is null || condition.Reason == RolloutReasons.RolloutAborted) return false;
        if (condition.Reason == RolloutReasons.ProgressDeadlineExceeded) return true;
        return condition.LastUpdateTime + ProgressDeadline < _now;
    }

    private TimeSpan ProgressDeadline => TimeSpan.FromSeconds(_rollout.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds);

    /// <summary>At an analysis, pause or experiment step: waiting there is not lack of progress.</summary>
    private bool IsIndefiniteStep => CanarySteps.Current(_rollout).Step is { } step && (step.Analysis is not null || step.Pause is not null || step.Experiment is not null);

    private RolloutCondition New(string type, string status, string reason, string message) => RolloutConditions.New(type, status, reason, message, _now);

    /// <summary>Pause and abort decisions, observed generation and phase; then the patch of what changed, if anything did.</summary>
    private async Task PersistAsync(RolloutStatus status, CancellationToken cancellationToken)
    {
        _pause.ApplyTo(status);
        status.ObservedGeneration = _rollout.Generation.ToString(CultureInfo.InvariantCulture);
        (status.Phase, status.Message) = RolloutPhases.Calculate(_rollout, status);
        var patch = MergePatchDiff.Create(ArgoJson.Write(Status), ArgoJson.Write(status));
        if (patch is null)
        {
            RequeueIfStuck(status);
            return;
        }

        Written = await Client.PatchAsync(ArgoResources.Rollouts, _rollout.Namespace, _rollout.Name, PatchType.Merge,
            new JsonObject { ["status"] = patch }, cancellationToken, "status").ConfigureAwait(false);
        WroteAbort = status.Abort;
        var wasPaused = Status.PauseConditions is { Count: > 0 };
        var isPaused = status.PauseConditions is { Count: > 0 };
        if (!wasPaused && isPaused) Record(RolloutReasons.RolloutPaused, $"{RolloutReasons.RolloutPausedMessage} ({status.PauseConditions![0].Reason})");
        else if (wasPaused && !isPaused && status.AbortedAt is null) Record(RolloutReasons.RolloutResumed, RolloutReasons.RolloutResumedMessage);
    }

    /// <summary>With nothing else to wake it, a rollout that is not progressing is looked at again when its deadline expires.</summary>
    private void RequeueIfStuck(RolloutStatus status)
    {
        var condition = Status.Condition(RolloutConditions.Progressing);
        var isPaused = Status.PauseConditions is { Count: > 0 } || _rollout.Spec.Paused;
        if (condition is null || IsHealthy(status) || condition.Reason == RolloutReasons.ProgressDeadlineExceeded || isPaused || Status.Abort || IsIndefiniteStep) return;
        var after = condition.LastUpdateTime + ProgressDeadline - _now;
        RequeueAfter(after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after + TimeSpan.FromSeconds(1));
    }

    private async Task PersistInvalidAsync(string message, CancellationToken cancellationToken)
    {
        var status = ArgoJson.Read<RolloutStatus>(ArgoJson.Write(Status));
        var previous = status.Condition(RolloutConditions.InvalidSpec);
        if (previous?.Message != message)
        {
            RolloutConditions.Remove(status, RolloutConditions.InvalidSpec);
            RolloutConditions.Set(status, New(RolloutConditions.InvalidSpec, "True", RolloutReasons.InvalidSpec, message));
        }

        status.ObservedGeneration = _rollout.Generation.ToString(CultureInfo.InvariantCulture);
        (status.Phase, status.Message) = RolloutPhases.Calculate(_rollout, status);
        if (MergePatchDiff.Create(ArgoJson.Write(Status), ArgoJson.Write(status)) is not { } patch) return;
        Written = await Client.PatchAsync(ArgoResources.Rollouts, _rollout.Namespace, _rollout.Name, PatchType.Merge,
            new JsonObject { ["status"] = patch }, cancellationToken, "status").ConfigureAwait(false);
    }
}
