namespace ChaosHarness.Fleet.Defects;

/// <summary>
/// A seeded defect: a named switch, off by default, that makes the fleet misbehave in exactly one way, so that a test can
/// prove an experiment catches that misbehaviour.
/// </summary>
public sealed record FleetDefect(string Name, string Description)
{
    public static FleetDefect RolloutIgnoresFailedAnalysis { get; } =
        new("rollout-ignores-failed-analysis", "the rollout controller keeps promoting when an analysis run fails");

    public static FleetDefect AbortKeepsCanaryWeight { get; } =
        new("abort-keeps-canary-weight", "an aborted rollout never gives the stable version its weight back");

    public static FleetDefect LoadBalancerWithoutHealthChecks { get; } =
        new("lb-without-health-checks", "the global load balancer keeps sending traffic to regions that fail");

    public static FleetDefect ControllerWithoutReadinessGate { get; } =
        new("controller-without-readiness-gate", "controller Deployments count pods as ready without a readiness probe, so a bad version takes over");

    public static FleetDefect NodeLifecycleNeverEvicts { get; } =
        new("node-lifecycle-never-evicts", "the node lifecycle controller never evicts pods from unreachable nodes");

    public static FleetDefect RolloutIgnoresRetryAfter { get; } =
        new("rollout-ignores-retry-after", "the rollout controller treats a throttled request as a failure instead of waiting Retry-After");

    public static FleetDefect CanaryIgnoresAvailability { get; } =
        new("canary-ignores-availability", "the rollout controller moves a canary to its next weight once its ReplicaSets have their size, without waiting for their pods to be available");

    public static FleetDefect NewLeaderAbortsInFlightRollouts { get; } =
        new("new-leader-aborts-in-flight-rollouts", "a rollout controller pod that takes leadership over from another pod aborts the updates in flight instead of carrying them on");

    public static FleetDefect SchedulerIgnoresTaints { get; } =
        new("scheduler-ignores-taints", "the scheduler places pods on cordoned and tainted nodes (those of a lost zone included) as if every pod tolerated everything");

    public static IReadOnlyList<FleetDefect> All { get; } =
    [
        RolloutIgnoresFailedAnalysis, AbortKeepsCanaryWeight, LoadBalancerWithoutHealthChecks,
        ControllerWithoutReadinessGate, NodeLifecycleNeverEvicts, RolloutIgnoresRetryAfter, NewLeaderAbortsInFlightRollouts,
        CanaryIgnoresAvailability, SchedulerIgnoresTaints,
    ];

    public static FleetDefect? Find(string name) => All.FirstOrDefault(d => d.Name == name);
}
