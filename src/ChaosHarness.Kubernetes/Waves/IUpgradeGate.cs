namespace ChaosHarness.Kube.Waves;

/// <summary>
/// A user-supplied health gate, checked for each cluster of a wave once the upgrade itself is healthy there — an SLO
/// query, a smoke test, "the canary app still progresses".
/// </summary>
public interface IUpgradeGate
{
    string Name { get; }

    Task<GateVerdict> CheckAsync(string cluster, CancellationToken cancellationToken);
}
