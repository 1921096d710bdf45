namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// How the global load balancer checks each cluster behind it, in fleet time. A check is a request to the front-door app
/// through the cluster's ingress; it passes when it gets a 2xx within <see cref="Timeout"/>. A backend starts unhealthy
/// (never checked), becomes healthy after <see cref="HealthyThreshold"/> passes in a row and unhealthy after
/// <see cref="UnhealthyThreshold"/> failures in a row. With the defaults, a region that stops serving is taken out
/// 20–30 s later (20–35 s when it stops answering at all, as each check then waits out its timeout), and one that recovers
/// is back 10–20 s after it serves again.
/// </summary>
public sealed record HealthCheckPolicy
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    public int HealthyThreshold { get; init; } = 2;
    public int UnhealthyThreshold { get; init; } = 3;

    public static HealthCheckPolicy Default { get; } = new();
}
