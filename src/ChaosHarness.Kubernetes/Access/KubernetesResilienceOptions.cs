namespace ChaosHarness.Kube.Access;

/// <summary>How the harness talks to a cluster's API when it is slow, throttling or gone. All spans are fleet time.</summary>
public sealed record KubernetesResilienceOptions
{
    /// <summary>One attempt of a request (not a watch stream) that takes longer is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A watch whose response headers do not arrive within this is abandoned; its stream, once open, has no timeout.</summary>
    public TimeSpan WatchConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a 5xx answer, a refused or reset connection, or an attempt timeout.</summary>
    public int MaxTransientRetries { get; init; } = 3;

    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxTransientDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a 429: the API server asked us to slow down, so we wait as long as it says, this many times.</summary>
    public int MaxThrottleRetries { get; init; } = 30;

    /// <summary>The longest single wait for a Retry-After; a longer one is capped to this.</summary>
    public TimeSpan MaxThrottleDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait after a 429 that carries no Retry-After (doubled each time, up to <see cref="MaxThrottleDelay"/>).</summary>
    public TimeSpan ThrottleDelayWithoutRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The circuit of a cluster opens when at least this share of the sampled requests failed…</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    /// <summary>…out of at least this many requests…</summary>
    public int BreakerMinimumThroughput { get; init; } = 8;

    /// <summary>…within this span.</summary>
    public TimeSpan BreakerSamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>While open, requests to the cluster fail at once with <see cref="ClusterUnreachableException"/>.</summary>
    public TimeSpan BreakerBreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The defaults for a fleet whose clock runs <paramref name="speed"/> times faster than the wall. A network round trip
    /// does not speed up with the fleet, so the spans that wait for an answer never drop below a few wall seconds;
    /// Retry-After and backoff stay in fleet time, as the fleet's API server means them.
    /// </summary>
    public static KubernetesResilienceOptions ForSpeed(double speed)
    {
        var defaults = new KubernetesResilienceOptions();
        TimeSpan AtLeastWall(TimeSpan fleetSpan, TimeSpan wallFloor) => TimeSpan.FromTicks(Math.Max(fleetSpan.Ticks, (long)(wallFloor.Ticks * speed)));
        return defaults with
        {
            AttemptTimeout = AtLeastWall(defaults.AttemptTimeout, TimeSpan.FromSeconds(10)),
            WatchConnectTimeout = AtLeastWall(defaults.WatchConnectTimeout, TimeSpan.FromSeconds(10)),
            BreakerSamplingDuration = AtLeastWall(defaults.BreakerSamplingDuration, TimeSpan.FromSeconds(10)),
            BreakerBreakDuration = AtLeastWall(defaults.BreakerBreakDuration, TimeSpan.FromSeconds(2)),
        };
    }
}
