using System.Collections.Concurrent;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Tests.Rollouts;

/// <summary>Traffic as a test sets it, per pod-template hash: by default every version serves 1000 requests, all successful.</summary>
internal sealed class FakeTrafficMetrics : ITrafficMetrics
{
    private readonly ConcurrentDictionary<string, TrafficWindow> _byHash = new();

    public TrafficWindow Default { get; set; } = new(1000, 0, TimeSpan.FromMilliseconds(80));

    public ConcurrentQueue<(string Namespace, string Hash, TimeSpan Window)> Queries { get; } = new();

    public void Set(string podTemplateHash, TrafficWindow window) => _byHash[podTemplateHash] = window;

    public TrafficWindow Query(string cluster, string ns, string podTemplateHash, TimeSpan window)
    {
        Queries.Enqueue((ns, podTemplateHash, window));
        return _byHash.GetValueOrDefault(podTemplateHash, Default);
    }
}
