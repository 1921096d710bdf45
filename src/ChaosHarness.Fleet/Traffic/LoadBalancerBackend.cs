namespace ChaosHarness.Fleet.Traffic;

/// <summary>One cluster behind the global load balancer and the running tally of its health checks.</summary>
internal sealed class LoadBalancerBackend(ClusterTraffic traffic)
{
    private readonly Lock _gate = new();
    private BackendStatus _status = new(traffic.Region, traffic.Cluster, false, 0, 0, null, null, null);

    public ClusterTraffic Traffic { get; } = traffic;

    public BackendStatus Status
    {
        get
        {
            lock (_gate) return _status;
        }
    }

    public bool Healthy => Status.Healthy;

    /// <summary>Counts one check; true when it flipped the backend's health.</summary>
    public bool Count(bool passed, string? failure, DateTimeOffset at, HealthCheckPolicy policy)
    {
        lock (_gate)
        {
            var passes = passed ? _status.ConsecutivePasses + 1 : 0;
            var failures = passed ? 0 : _status.ConsecutiveFailures + 1;
            var healthy = _status.Healthy
                ? failures < policy.UnhealthyThreshold
                : passes >= policy.HealthyThreshold;
            var flipped = healthy != _status.Healthy;
            _status = _status with
            {
                Healthy = healthy,
                ConsecutivePasses = passes,
                ConsecutiveFailures = failures,
                LastCheckedAt = at,
                ChangedAt = flipped ? at : _status.ChangedAt,
                LastFailure = passed ? _status.LastFailure : failure,
            };
            return flipped;
        }
    }
}
