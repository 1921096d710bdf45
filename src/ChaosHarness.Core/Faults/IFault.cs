namespace ChaosHarness.Core.Faults;

/// <summary>
/// A fault, as a description. It does not touch the fleet itself: it plans its changes, each with its exact undo,
/// and the harness journals the plan, checks it against the guardrails, applies it, and reverts it through the same
/// undo handlers a crashed run's journal is reverted with. One revert path, exercised by every experiment.
/// </summary>
public interface IFault
{
    /// <summary>The fault's name in the runbook's words, e.g. "zone outage (cordon + NoExecute taint)".</summary>
    string Name { get; }

    FaultTarget Target { get; }

    /// <summary>Reads what it needs (never writes) and returns the changes it would make.</summary>
    ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken);
}
