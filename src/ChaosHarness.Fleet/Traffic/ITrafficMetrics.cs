namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The fleet's metrics provider, as an analysis run queries it: the traffic served by the pods of one version
/// (a pod-template hash) of one app in one cluster, over the last span of fleet time.
/// </summary>
public interface ITrafficMetrics
{
    TrafficWindow Query(string cluster, string ns, string podTemplateHash, TimeSpan window);
}
