namespace ChaosHarness.Core.Traffic;

/// <summary>One probe request: when it was sent (fleet time), how it ended, and who served it.</summary>
public sealed record TrafficSample(
    DateTimeOffset At,
    bool Success,
    int? StatusCode,
    TimeSpan Latency,
    string? Region,
    string? Zone,
    string? Cluster,
    string? Version,
    string? Error = null);
