using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>The metrics of a cluster whose traffic nobody measures: every version served nothing.</summary>
public sealed class NoTrafficMetrics : ITrafficMetrics
{
    public TrafficWindow Query(string cluster, string ns, string podTemplateHash, TimeSpan window) => TrafficWindow.Empty;
}
