namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>
/// A token bucket of burst 1 on the fleet clock, as the zone tainters' flowcontrol limiter: <see cref="Qps"/> tokens a
/// second; a rate of 0 never admits.
/// </summary>
internal sealed class EvictionRateLimiter
{
    private readonly TimeProvider _clock;
    private double _tokens;
    private DateTimeOffset _refilledAt;

    public EvictionRateLimiter(TimeProvider clock, double qps, bool drained = false)
    {
        _clock = clock;
        Qps = qps;
        _tokens = drained || qps <= 0 ? 0 : 1;
        _refilledAt = clock.GetUtcNow();
    }

    public double Qps { get; }

    /// <summary>Whether a request waits for its token: the bucket holds less than one.</summary>
    public bool IsSaturated
    {
        get
        {
            Refill();
            return _tokens < 1;
        }
    }

    public bool TryAccept()
    {
        if (Qps <= 0) return false;
        Refill();
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>How long until the next token, for the tainting pass to sleep.</summary>
    public TimeSpan? UntilNextToken()
    {
        if (Qps <= 0) return null;
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / Qps);
    }

    private void Refill()
    {
        var now = _clock.GetUtcNow();
        if (Qps > 0) _tokens = Math.Min(1, _tokens + (now - _refilledAt).TotalSeconds * Qps);
        _refilledAt = now;
    }
}
