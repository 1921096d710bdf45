namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The Retry-After a priority level answers with, in the manner of the real server's dropped-requests tracker (TCP-like):
/// 1 s to begin with; once per window of that many seconds, doubled (up to 32 s) when at least that many requests were
/// dropped since the last change, else brought down by a second. Seconds on the fleet clock.
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
        if (second - _updatedAt < retryAfter) return;
        RetryAfterSeconds = dropped >= retryAfter ? Math.Min(retryAfter * 2, MaxRetryAfterSeconds) : Math.Max(retryAfter - 1, 1);
        _updatedAt = second;
    }
}
