namespace ChaosHarness.Core.Traffic;

/// <summary>Statistics over the samples of a time window.</summary>
public sealed record TrafficWindow(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TrafficSample> Samples)
{
    public int Total => Samples.Count;

    public int Failed => Samples.Count(s => !s.Success);

    /// <summary>Share of successful requests (1 when there were none).</summary>
    public double SuccessRatio => Total == 0 ? 1 : (double)(Total - Failed) / Total;

    /// <summary>Share of successful requests served by a region, zone or cluster matching <paramref name="servedBy"/>.</summary>
    public double ShareServedBy(Func<TrafficSample, bool> servedBy)
    {
        var served = Samples.Where(s => s.Success).ToList();
        return served.Count == 0 ? 0 : (double)served.Count(servedBy) / served.Count;
    }

    public IReadOnlyDictionary<string, double> ShareByRegion()
    {
        var served = Samples.Where(s => s.Success).ToList();
        return served.GroupBy(s => s.Region ?? "?").ToDictionary(g => g.Key, g => (double)g.Count() / served.Count);
    }

    public TimeSpan LatencyPercentile(double percentile)
    {
        if (Total == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = Samples.Select(s => s.Latency).Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"12× HTTP 503, 3× no answer within 5 s": why requests failed, most frequent first.</summary>
    public string FailureReasons()
        => string.Join(", ", Samples.Where(s => !s.Success).GroupBy(s => s.Error ?? "?").OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}"));

    public override string ToString()
        => $"{Total} requests, {SuccessRatio.Percent(1)} ok, served by {string.Join(", ", ShareByRegion().OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value.Percent(0)}"))}";
}
