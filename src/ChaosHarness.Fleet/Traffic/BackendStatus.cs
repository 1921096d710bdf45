namespace ChaosHarness.Fleet.Traffic;

/// <summary>What the load balancer's health checks think of one cluster behind it, at one moment.</summary>
public sealed record BackendStatus(
    string Region,
    string Cluster,
    bool Healthy,
    int ConsecutivePasses,
    int ConsecutiveFailures,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset? ChangedAt,
    string? LastFailure);
