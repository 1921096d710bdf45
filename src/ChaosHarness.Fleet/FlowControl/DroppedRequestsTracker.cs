namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The Retry-After a priority level answers with, as the real server's dropped-requests tracker computes it: 1 s to
/// begin with, doubled (up to 32 s) when at least that many requests were dropped within that many seconds since the
/// last change, and brought down by a second at each drop while fewer were. Seconds on the fleet clock.
/// </summary>
internal sealed class DroppedRequestsTracker
{
    public const int MaxRetryAfterSeconds = 32;

    private readonly List<(long Second, int Count)> _history = [];
    private long _updatedAt = long.MinValue / 2;

    public int RetryAfterSeconds { get; private set; } = 1;

    public void RecordDrop(DateTimeOffset now)
    {
        var second = now.ToUnixTimeSeconds();
        if (_history.Count > 0 && _history[^1].Second == second) _history[^1] = (second, _history[^1].Count + 1);
        else _history.Add((second, 1));
        _history.RemoveAll(h => second - h.Second > MaxRetryAfterSeconds);

        var retryAfter = RetryAfterSeconds;
        var dropped = _history.Where(h => second - h.Second <= retryAfter && h.Second >= _updatedAt).Sum(h => h.Count);
        if (second - _updatedAt >= retryAfter && dropped >= retryAfter)
        {
            RetryAfterSeconds = Math.Min(retryAfter * 2, MaxRetryAfterSeconds);
            _updatedAt = second;
        }
        else if (dropped < retryAfter && retryAfter > 1)
        {
            RetryAfterSeconds = retryAfter - 1;
        }
    }
}
