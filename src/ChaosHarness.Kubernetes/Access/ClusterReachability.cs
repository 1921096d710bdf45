using System.Collections.Concurrent;

namespace ChaosHarness.Kube.Access;

/// <summary>
/// Clusters this process knows it cannot reach because one of its own faults took them away (a region outage): their
/// requests fail at once with <see cref="ClusterUnreachableException"/> instead of hanging, requests already waiting for
/// them are abandoned, and the rest of the fleet is unaffected. Watches already streaming stay open, so that they
/// resume with what happened meanwhile once the cluster is back. Thread-safe.
/// </summary>
public sealed class ClusterReachability
{
    private readonly ConcurrentDictionary<string, Lost> _lost = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _epochs = new(StringComparer.Ordinal);

    /// <summary>Raised after a cluster is marked lost or reachable again, with its name.</summary>
    public event Action<string>? Changed;

    public bool IsLost(string cluster) => _lost.ContainsKey(cluster);

    /// <summary>Why <paramref name="cluster"/> is lost, or null when it is reachable.</summary>
    public string? WhyLost(string cluster) => _lost.TryGetValue(cluster, out var lost) ? lost.Why : null;

    /// <summary>Marks <paramref name="cluster"/> lost by <paramref name="owner"/> (a run id) and abandons its requests in flight.</summary>
    public void MarkLost(string cluster, string owner, string why)
    {
        _lost[cluster] = new Lost(owner, why);
        if (_epochs.TryRemove(cluster, out var epoch))
        {
            epoch.Cancel();
            epoch.Dispose();
        }

        Changed?.Invoke(cluster);
    }

    /// <summary>Marks <paramref name="cluster"/> reachable again if <paramref name="owner"/> lost it (idempotent).</summary>
    public void MarkReachable(string cluster, string owner)
    {
        if (_lost.TryGetValue(cluster, out var lost) && lost.Owner == owner && _lost.TryRemove(new KeyValuePair<string, Lost>(cluster, lost)))
        {
            Changed?.Invoke(cluster);
        }
    }

    /// <summary>Cancelled when <paramref name="cluster"/> is marked lost: requests waiting for it link to it.</summary>
    internal CancellationToken WhileReachable(string cluster)
        => _epochs.GetOrAdd(cluster, _ => new CancellationTokenSource()).Token;

    private sealed record Lost(string Owner, string Why);
}
