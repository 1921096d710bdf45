namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>
/// One zone's queue of lost nodes waiting for their NoExecute taint, drained at the zone's eviction rate
/// (RateLimitedTimedQueue). A node stays remembered once tainted, until it is reachable again.
/// </summary>
internal sealed class ZoneTainter(EvictionRateLimiter limiter)
{
    private readonly List<string> _queue = [];
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);

    public EvictionRateLimiter Limiter { get; private set; } = limiter;

    public bool HasWaiting => _queue.Count > 0;

    public bool Add(string node)
    {
        if (!_marked.Add(node)) return false;
        _queue.Add(node);
        return true;
    }

    public void Remove(string node)
    {
        _marked.Remove(node);
        _queue.Remove(node);
    }

    /// <summary>The next node to taint if the limiter admits one now; it leaves the queue but stays marked.</summary>
    public string? TryTake()
    {
        if (_queue.Count == 0 || !Limiter.TryAccept()) return null;
        var node = _queue[0];
        _queue.RemoveAt(0);
        return node;
    }

    /// <summary>Changes the rate; a limiter already waiting for its token hands its wait on to the new one.</summary>
    public void SwapLimiter(TimeProvider clock, double qps)
    {
        if (Limiter.Qps == qps) return;
        Limiter = new EvictionRateLimiter(clock, qps, drained: Limiter.IsSaturated);
    }
}
