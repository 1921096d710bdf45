namespace ChaosHarness.Kube.Waves;

/// <summary>
/// One cluster's share of a fleet upgrade, as the wave driver calls it: apply, verify, roll back. The reference
/// implementation (<see cref="DeploymentUpgrade"/>) changes a Deployment through the experiment's journalled faults; on a
/// real fleet this is the adapter point for a team's own CD (trigger the pipeline's stage, read its health, ask it to
/// roll back).
/// </summary>
public interface IClusterUpgrade
{
    /// <summary>What is upgraded to what, for the timeline and the report.</summary>
    string Name { get; }

    /// <summary>Starts the upgrade in one cluster. Whatever must be undone after a crash is journalled before it is changed.</summary>
    Task ApplyAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>Whether the upgrade is healthy in the cluster, waiting up to <paramref name="within"/> (fleet time) for it to become so.</summary>
    Task<GateVerdict> VerifyAsync(string cluster, TimeSpan within, CancellationToken cancellationToken);

    /// <summary>Undoes the upgrade in one cluster (rollout-undo semantics: the previous version back).</summary>
    Task RollBackAsync(string cluster, CancellationToken cancellationToken);
}
