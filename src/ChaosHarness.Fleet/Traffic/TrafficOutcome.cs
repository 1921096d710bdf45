namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// What became of one request: its status, why, how long it took in fleet time, and who answered. Region and cluster name
/// where the load balancer sent it, even when that region failed it; zone, version, hash and pod only when a pod answered.
/// </summary>
public readonly record struct TrafficOutcome(
    int Status,
    string Reason,
    TimeSpan Latency,
    string? Region = null,
    string? Cluster = null,
    string? Zone = null,
    string? Version = null,
    string? PodTemplateHash = null,
    string? Pod = null)
{
    public bool Succeeded => Status is >= 200 and < 400;

    /// <summary>The request never got an answer: the load balancer gave up after its backend timeout.</summary>
    public bool TimedOut => Status == 504;
}
