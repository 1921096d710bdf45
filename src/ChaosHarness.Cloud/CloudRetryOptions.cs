namespace ChaosHarness.Cloud;

/// <summary>How calls to a cloud API ride out throttling: exponential backoff with jitter, on the harness clock.</summary>
public sealed record CloudRetryOptions
{
    public static CloudRetryOptions Default { get; } = new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Seeds the jitter, so a test sees the same delays every run; null: unseeded.</summary>
    public int? JitterSeed { get; init; }
}
