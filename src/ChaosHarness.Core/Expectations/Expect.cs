using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;

namespace ChaosHarness.Core.Expectations;

/// <summary>The expectations, in the runbook's words.</summary>
public static class Expect
{
    /// <summary>The rollout stops advancing within <paramref name="within"/> and stays halted for <paramref name="holdFor"/>.</summary>
    public static Halts Halts(ObjectRef rollout, TimeSpan within, TimeSpan holdFor) => new(rollout, within, holdFor);

    /// <summary>The rollout is undone: aborted, canary weight 0, canary scaled down (or the previous Deployment revision restored).</summary>
    public static RollsBack RollsBack(ObjectRef rollout, TimeSpan within) => new(rollout, within);

    /// <summary>The Argo rollout is aborted (abort set, Degraded with RolloutAborted), whatever its scale-down.</summary>
    public static RollsBack Aborts(ObjectRef rollout, TimeSpan within) => new(rollout, within, abortOnly: true);

    /// <summary>Waits for a moment of the rollout (a step, a weight) — the point to inject at.</summary>
    public static Reaches Reaches(ObjectRef rollout, TimeSpan within, long? step = null, long? weight = null) => new(rollout, within, step, weight);

    /// <summary>The rollout neither advances nor aborts for <paramref name="holdFor"/> (a controller that cannot act does nothing).</summary>
    public static HoldsPosition HoldsPosition(ObjectRef rollout, TimeSpan holdFor) => new(rollout, holdFor);

    /// <summary>Nobody changes the object's spec (its generation) for <paramref name="holdFor"/>.</summary>
    public static Untouched Untouched(ObjectRef target, TimeSpan holdFor) => new(target, holdFor);

    /// <summary>The workload runs <paramref name="image"/>, every replica updated and available, within the deadline.</summary>
    public static RunsImage RunsImage(ObjectRef workload, string image, TimeSpan within) => new(workload, image, within);

    public static Completes Completes(ObjectRef rollout, TimeSpan within) => new(rollout, within);

    public static FailsOver FailsOver(ServedBy from, TimeSpan within, double maxShare = 0.01, double successObjective = 0.99, TimeSpan? window = null)
        => new(from, within, maxShare, successObjective, window);

    /// <summary>Traffic comes back to the part of the fleet that was lost: at least <paramref name="minShare"/> of successful requests, with success above the objective.</summary>
    public static Rejoins Rejoins(ServedBy part, TimeSpan within, double minShare, double successObjective = 0.99, TimeSpan? window = null)
        => new(part, within, minShare, successObjective, window);

    /// <summary>No pod of the app is left in the lost zone and <paramref name="replicas"/> of them are Ready in other zones.</summary>
    public static Evacuates Evacuates(string cluster, string @namespace, string app, string zone, int replicas, TimeSpan within)
        => new(cluster, @namespace, app, zone, replicas, within);

    /// <summary>Failed requests stay within the budget, counted from <paramref name="since"/> (the experiment's start by default).</summary>
    public static HoldsErrorBudget HoldsErrorBudget(double budget, TimeSpan? over = null, DateTimeOffset? since = null) => new(budget, over ?? TimeSpan.Zero, since);

    public static Recovers Recovers(SteadyStateHypothesis hypothesis, TimeSpan within) => new(hypothesis, within);
}
