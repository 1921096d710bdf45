namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The traffic served by one version of one app in one cluster, kept per second of fleet time for the last
/// <see cref="RetentionSeconds"/> seconds: requests, failures and a latency histogram. Recorded from many threads at once;
/// the lock is held for a few array writes, never across a wait.
/// </summary>
public sealed class MetricSeries
{
    /// <summary>How far back a window can reach: fifteen minutes of fleet time.</summary>
    public const int RetentionSeconds = 900;

    private readonly Lock _gate = new();
    private readonly long[] _second = new long[RetentionSeconds];
    private readonly int[] _requests = new int[RetentionSeconds];
    private readonly int[] _failures = new int[RetentionSeconds];
    private readonly int[] _latencies = new int[RetentionSeconds * LatencyBuckets.Count];

    public MetricSeries(string cluster, string ns, string podTemplateHash)
    {
        Cluster = cluster;
        Namespace = ns;
        PodTemplateHash = podTemplateHash;
        Array.Fill(_second, long.MinValue);
    }

    public string Cluster { get; }
    public string Namespace { get; }
    public string PodTemplateHash { get; }

    public void Record(DateTimeOffset at, bool failed, TimeSpan latency)
    {
        var second = at.ToUnixTimeSeconds();
        var slot = (int)(second % RetentionSeconds);
        var bucket = LatencyBuckets.IndexOf(latency);
        lock (_gate)
        {
            if (_second[slot] != second)
            {
                _second[slot] = second;
                _requests[slot] = 0;
                _failures[slot] = 0;
                Array.Clear(_latencies, slot * LatencyBuckets.Count, LatencyBuckets.Count);
            }

            _requests[slot]++;
            if (failed) _failures[slot]++;
            _latencies[slot * LatencyBuckets.Count + bucket]++;
        }
    }

    /// <summary>What was served in the <paramref name="window"/> up to <paramref name="now"/>, the current second included.</summary>
    public TrafficWindow Query(DateTimeOffset now, TimeSpan window)
    {
        var last = now.ToUnixTimeSeconds();
        var seconds = (long)Math.Ceiling(window.TotalSeconds);
        if (seconds > RetentionSeconds) seconds = RetentionSeconds;
        if (seconds < 1) seconds = 1;
        Span<int> histogram = stackalloc int[LatencyBuckets.Count];
        long requests = 0, failures = 0;
        lock (_gate)
        {
            for (var second = last - seconds + 1; second <= last; second++)
            {
                var slot = (int)(second % RetentionSeconds);
                if (_second[slot] != second) continue;
                requests += _requests[slot];
                failures += _failures[slot];
                var row = _latencies.AsSpan(slot * LatencyBuckets.Count, LatencyBuckets.Count);
                for (var b = 0; b < row.Length; b++) histogram[b] += row[b];
            }
        }

        return requests == 0 ? TrafficWindow.Empty : new TrafficWindow(requests, failures, Quantile(histogram, requests, 0.95));
    }

    private static TimeSpan Quantile(ReadOnlySpan<int> histogram, long count, double quantile)
    {
        var rank = (long)Math.Ceiling(count * quantile);
        long seen = 0;
        for (var b = 0; b < histogram.Length; b++)
        {
            seen += histogram[b];
            if (seen >= rank) return LatencyBuckets.ValueOf(b);
        }

        return LatencyBuckets.ValueOf(histogram.Length - 1);
    }
}
