namespace ChaosHarness.Kube.Waves;

/// <summary>What happened to one cluster in a fleet upgrade.</summary>
public enum ClusterUpgradeState
{
    /// <summary>Upgraded and past the gate.</summary>
    Upgraded,

    /// <summary>Upgraded, then rolled back because its wave failed.</summary>
    RolledBack,

    /// <summary>Never touched: the pipeline halted before it.</summary>
    NotTouched,
}

public sealed record ClusterUpgradeOutcome(string Cluster, string Wave, ClusterUpgradeState State, string Seen);
