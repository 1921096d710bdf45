namespace ChaosHarness.Kube.Waves;

/// <summary>How the wave driver gates and rolls back.</summary>
public sealed record FleetUpgradeOptions
{
    /// <summary>How long (fleet time) an upgraded cluster has to become healthy before its wave counts as failed.</summary>
    public TimeSpan GateWithin { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>An extra gate after the upgrade's own health check; none by default.</summary>
    public IUpgradeGate? Gate { get; init; }

    /// <summary>
    /// On a failed wave, also roll back the earlier, healthy waves. Off by default: like an ApplicationSet's RollingSync,
    /// the pipeline halts and undoes only the wave that failed.
    /// </summary>
    public bool RollBackEarlierWaves { get; init; }

    /// <summary>After a rollback, how long the previous version has to be healthy again (reported, not gated).</summary>
    public TimeSpan RollBackWithin { get; init; } = TimeSpan.FromMinutes(3);
}
