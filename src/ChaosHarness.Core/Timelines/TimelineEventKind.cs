namespace ChaosHarness.Core.Timelines;

public enum TimelineEventKind
{
    /// <summary>The fleet changed: an object's phase, step, weight, condition or readiness.</summary>
    Observed,

    /// <summary>The harness did something: drove a rollout, injected or reverted a fault.</summary>
    Action,

    /// <summary>An expectation started, passed or failed.</summary>
    Expectation,

    /// <summary>The traffic probe saw a change: serving region or version, success or failure.</summary>
    Traffic,

    /// <summary>Something about the harness itself: a watcher relisted or reconnected, a stop condition fired.</summary>
    Harness,
}
