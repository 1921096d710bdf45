using System.Globalization;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers.Workloads;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// One reconcile of one canary Rollout, following Argo's rolloutCanary: detect a new version, create or re-revision its
/// ReplicaSet, set traffic weights, run analysis, scale the ReplicaSets, pause at pause steps, then compute and patch the
/// status (steps, abort, promotion, conditions, phase). Every decision is taken from the rollout's status and the
/// cluster's objects, so a restarted controller carries on where the last one stopped.
/// </summary>
internal sealed partial class RolloutSync
{
    private readonly RolloutsRuntime _runtime;
    private readonly DateTimeOffset _now;
    private readonly PauseContext _pause;
    private readonly RolloutStatus _previous;
    private readonly RolloutStatus _newStatus = new();
    private StoredObject _object;
    private Rollout _rollout;
    private RolloutReplicaSets _sets = null!;
    private string _podHash = "";
    private TimeSpan? _requeueAfter;

    public RolloutSync(RolloutsRuntime runtime, StoredObject rolloutObject, string? throttledAbortMessage)
    {
        _runtime = runtime;
        _now = runtime.Clock.GetUtcNow();
        _object = rolloutObject;
        _rollout = ArgoJson.Read<Rollout>(rolloutObject);
        _previous = ArgoJson.Read<RolloutStatus>(ArgoJson.Write(_rollout.Status));
        _pause = new PauseContext(_rollout, _now);
        _newStatus.Canary.Weights = _rollout.Status.Canary.Weights;
        if (throttledAbortMessage is not null && !_rollout.Status.Abort && _rollout.Status.StableRS != _rollout.Status.CurrentPodHash)
        {
            _pause.AddAbort(throttledAbortMessage);
        }
    }

    /// <summary>Whether this reconcile wrote an abort into the status.</summary>
    public bool WroteAbort { get; private set; }

    /// <summary>The rollout as this reconcile last wrote it, newer than the informer's copy for a while.</summary>
    public StoredObject? Written { get; private set; }

    private Rollout Rollout => _rollout;
    private RolloutStatus Status => _rollout.Status;
    private RolloutsClient Client => _runtime.Client;

    /// <summary>Runs the reconcile; returns when the rollout should next be looked at by itself (a pause or deadline expiring).</summary>
    public async Task<TimeSpan?> RunAsync(CancellationToken cancellationToken)
    {
        if (RolloutValidation.Problem(_rollout, _runtime) is { } problem)
        {
            await PersistInvalidAsync(problem, cancellationToken).ConfigureAwait(false);
            return null;
        }

        RolloutConditions.Remove(_previous, RolloutConditions.InvalidSpec);
        _podHash = PodTemplateHash.Compute(_rollout.Spec.Template, Status.CollisionCount);
        _sets = RolloutReplicaSets.Sort(_rollout, _podHash,
            _runtime.ReplicaSets.ByIndex(SharedInformers.ByController, _object.Uid).Where(rs => rs.Namespace == _rollout.Namespace));
        LoadAnalysisRuns();
        CheckPausedConditions();
        await RolloutCanaryAsync(cancellationToken).ConfigureAwait(false);
        return _requeueAfter;
    }

    private async Task RolloutCanaryAsync(CancellationToken cancellationToken)
    {
        if (PodTemplateOrStepsChanged())
        {
            await SyncRevisionAsync(create: false, cancellationToken).ConfigureAwait(false);
            await SyncStatusAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await SyncRevisionAsync(create: true, cancellationToken).ConfigureAwait(false);
        await ReconcileRevisionHistoryLimitAsync(cancellationToken).ConfigureAwait(false);
        ReconcileTrafficRouting();
        await ReconcileAnalysisRunsAsync(cancellationToken).ConfigureAwait(false);
        if (_pause.HasAddedPause || await ReconcileCanaryReplicaSetsAsync(cancellationToken).ConfigureAwait(false))
        {
            await SyncStatusAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        ReconcileCanaryPause();
        await SyncStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pod template or the steps changed since the status was written: a new update starts.</summary>
    private bool PodTemplateOrStepsChanged()
    {
        if (!string.IsNullOrEmpty(Status.CurrentStepHash) && Status.CurrentStepHash != StepHash) return true;
        if (string.IsNullOrEmpty(Status.CurrentPodHash)) return false;
        return (_sets.New?.Model.PodHash() ?? _podHash) != Status.CurrentPodHash;
    }

    private string StepHash => CanarySteps.StepHash(_object.ToJsonObject()["spec"]?["strategy"]?["canary"]?["steps"]);

    /// <summary>Pausing and resuming, and retrying after an abort, show in the Progressing and Paused conditions.</summary>
    private void CheckPausedConditions()
    {
        var progressing = _previous.Condition(RolloutConditions.Progressing);
        var progressingPaused = progressing?.Reason == RolloutReasons.RolloutPaused;
        var isPaused = Status.PauseConditions is { Count: > 0 } || _rollout.Spec.Paused;
        var abortConditionExists = progressing?.Reason == RolloutReasons.RolloutAborted;
        if (isPaused != progressingPaused && !abortConditionExists)
        {
            RolloutConditions.Set(_previous, isPaused
                ? RolloutConditions.New(RolloutConditions.Progressing, "Unknown", RolloutReasons.RolloutPaused, RolloutReasons.RolloutPausedMessage, _now)
                : RolloutConditions.New(RolloutConditions.Progressing, "Unknown", RolloutReasons.RolloutResumed, RolloutReasons.RolloutResumedMessage, _now));
        }

        if (!Status.Abort && abortConditionExists)
        {
            RolloutConditions.Set(_previous,
                RolloutConditions.New(RolloutConditions.Progressing, "Unknown", RolloutReasons.RolloutRetry, RolloutReasons.RolloutRetryMessage, _now));
        }

        var pausedTrue = _previous.Condition(RolloutConditions.Paused)?.Status == "True";
        if (isPaused != pausedTrue && !abortConditionExists)
        {
            RolloutConditions.Set(_previous, RolloutConditions.New(RolloutConditions.Paused, isPaused ? "True" : "False",
                RolloutReasons.RolloutPaused, RolloutReasons.RolloutPausedMessage, _now));
        }
    }

    private void ReconcileCanaryPause()
    {
        if (_rollout.Spec.Paused || Status.PromoteFull) return;
        var (step, _) = CanarySteps.Current(_rollout);
        if (step?.Pause is not { } pause) return;
        var condition = Status.PauseCondition(PauseReasons.CanaryPauseStep);
        if (condition is null)
        {
            if (!Status.ControllerPause) _pause.AddPause(PauseReasons.CanaryPauseStep);
            return;
        }

        if (pause.DurationTime is { } duration) RequeueAfter(condition.StartTime + duration - _now);
    }

    private void RequeueAfter(TimeSpan after)
    {
        if (after < TimeSpan.Zero) after = TimeSpan.Zero;
        if (_requeueAfter is null || after < _requeueAfter) _requeueAfter = after;
    }

    private long Revision =>
        long.TryParse(_rollout.Metadata.Annotation(ArgoLabels.Revision), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;

    private string Selector => LabelSelector.From(_rollout.Spec.Selector).ToString();

    private void Record(string reason, string message, bool warning = false) =>
        _runtime.Record(_object, warning ? "Warning" : "Normal", reason, message);

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
