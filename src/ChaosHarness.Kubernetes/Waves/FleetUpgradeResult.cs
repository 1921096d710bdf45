namespace ChaosHarness.Kube.Waves;

/// <summary>The end of a fleet upgrade: every wave through, or halted at a wave with the gate's reason.</summary>
public sealed record FleetUpgradeResult(string Upgrade, IReadOnlyList<ClusterUpgradeOutcome> Clusters, string? HaltedAt, string? HaltReason)
{
    public bool Completed => HaltedAt is null;

    public IEnumerable<string> In(ClusterUpgradeState state) => Clusters.Where(c => c.State == state).Select(c => c.Cluster);

    public override string ToString() => Completed
        ? $"{Upgrade}: every wave through ({string.Join(", ", In(ClusterUpgradeState.Upgraded))})"
        : $"{Upgrade}: halted at {HaltedAt}: {HaltReason}; rolled back {string.Join(", ", In(ClusterUpgradeState.RolledBack))}, not touched {string.Join(", ", In(ClusterUpgradeState.NotTouched))}";
}
