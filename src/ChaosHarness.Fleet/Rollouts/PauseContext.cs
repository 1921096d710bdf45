using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The pause and abort decisions of one reconcile, applied to the new status at the end, as Argo's pauseContext: pause
/// conditions added or removed, an abort added (with its message) or removed. <c>abortedAt</c> keeps its first value.
/// </summary>
internal sealed class PauseContext
{
    private readonly Rollout _rollout;
    private readonly DateTimeOffset _now;
    private readonly List<string> _addReasons = [];
    private readonly List<string> _removeReasons = [];
    private bool _clear;
    private bool _addAbort;
    private bool _removeAbort;

    public PauseContext(Rollout rollout, DateTimeOffset now)
    {
        _rollout = rollout;
        _now = now;
    }

    public string? AbortMessage { get; private set; }

    public bool HasAddedPause => _addReasons.Count > 0;

    public bool IsAborted => !_removeAbort && (_addAbort || _rollout.Status.Abort);

    public void AddAbort(string? message)
    {
        _addAbort = true;
        AbortMessage = message;
    }

    public void RemoveAbort() => _removeAbort = true;

    public void AddPause(string reason) => _addReasons.Add(reason);

    public void RemovePause(string reason) => _removeReasons.Add(reason);

    public void ClearPauses() => _clear = true;

    public void ApplyTo(RolloutStatus status)
    {
        if (_addAbort || (!_removeAbort && _rollout.Status.Abort))
        {
            status.Abort = true;
            status.AbortedAt = _rollout.Status.AbortedAt ?? _now;
            return;
        }

        status.Abort = false;
        status.AbortedAt = null;
        if (_clear) return;

        var controllerPause = _rollout.Status.ControllerPause;
        var existing = _rollout.Status.PauseConditions ?? [];
        var conditions = existing.Where(c => !_removeReasons.Contains(c.Reason)).ToList();
        foreach (var reason in _addReasons.Distinct())
        {
            if (existing.Any(c => c.Reason == reason)) continue;
            conditions.Add(new PauseCondition { Reason = reason, StartTime = _now });
            controllerPause = true;
        }

        if (conditions.Count == 0) return;
        status.ControllerPause = controllerPause;
        status.PauseConditions = conditions;
    }

    /// <summary>Whether the current pause step is over: promoted (its condition cleared), or its duration has passed.</summary>
    public bool CompletedPauseStep(RolloutPause pause)
    {
        var condition = _rollout.Status.PauseCondition(PauseReasons.CanaryPauseStep);
        if (_rollout.Status.ControllerPause && condition is null) return true;
        return pause.DurationTime is { } duration && condition is not null && _now > condition.StartTime + duration;
    }
}
