using System.Collections.Immutable;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The global load balancer in front of the fleet: picks a region by weight among those with a healthy cluster (default
/// weights equal), then a healthy cluster in it, and hands the request to that cluster's ingress. A region that has gone
/// dark never answers: the request ends as a 504 after <see cref="BackendTimeout"/>. Health checks run per cluster on the
/// fleet clock under <see cref="Policy"/>, so a failing region is taken out only after real detection delay. With the
/// <see cref="FleetDefect.LoadBalancerWithoutHealthChecks"/> defect on, health is ignored and every region keeps its share.
/// </summary>
public sealed class GlobalLoadBalancer
{
    public const int DefaultRegionWeight = 100;
    private static readonly TimeSpan AnswerLatency = TimeSpan.FromMilliseconds(1);

    private readonly LoadBalancerBackend[] _backends;
    private readonly FleetInfrastructure _infrastructure;
    private readonly FleetDefects _defects;
    private readonly TimeProvider _clock;
    private readonly SeededStream _checks;
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, int> _weights;
    private LoadBalancerTable _healthy;
    private LoadBalancerTable _everyRegion;

    public GlobalLoadBalancer(IEnumerable<ClusterTraffic> clusters, FleetInfrastructure infrastructure, FleetDefects defects,
        TimeProvider clock, SeededStream checks, HealthCheckPolicy? policy = null, TimeSpan? backendTimeout = null,
        IReadOnlyDictionary<string, int>? regionWeights = null)
    {
        _backends = [.. clusters.Select(c => new LoadBalancerBackend(c))];
        _infrastructure = infrastructure;
        _defects = defects;
        _clock = clock;
        _checks = checks;
        Policy = policy ?? HealthCheckPolicy.Default;
        BackendTimeout = backendTimeout ?? DefaultBackendTimeout;
        _weights = _backends.Select(b => b.Traffic.Region).Distinct()
            .ToImmutableDictionary(r => r, r => regionWeights?.GetValueOrDefault(r, DefaultRegionWeight) ?? DefaultRegionWeight, StringComparer.Ordinal);
        (_healthy, _everyRegion) = BuildTables();
    }

    /// <summary>How long the load balancer waits for a region that does not answer (a cloud load balancer's backend timeout).</summary>
    public static readonly TimeSpan DefaultBackendTimeout = TimeSpan.FromSeconds(30);

    public HealthCheckPolicy Policy { get; }
    public TimeSpan BackendTimeout { get; }
    public IReadOnlyDictionary<string, int> RegionWeights => _weights;
    public IReadOnlyList<BackendStatus> Backends => [.. _backends.Select(b => b.Status)];

    /// <summary>Raised when a cluster's health flips, with its new status.</summary>
    public event Action<BackendStatus>? HealthChanged;

    public BackendStatus Backend(string cluster) =>
        _backends.FirstOrDefault(b => b.Traffic.Cluster == cluster)?.Status
        ?? throw new KeyNotFoundException($"No cluster named '{cluster}' is behind the load balancer.");

    /// <summary>Sets a region's share of traffic; 0 drains it. Weights are relative to each other.</summary>
    public void SetRegionWeight(string region, int weight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        lock (_gate)
        {
            if (!_weights.ContainsKey(region)) throw new KeyNotFoundException($"No region named '{region}' is behind the load balancer.");
            _weights = _weights.SetItem(region, weight);
            (_healthy, _everyRegion) = BuildTables();
        }
    }

    /// <summary>Routes one request through the fleet, all the way to a pod's answer.</summary>
    public TrafficOutcome Route(ref Dice dice)
    {
        var table = _defects.IsOn(FleetDefect.LoadBalancerWithoutHealthChecks) ? Volatile.Read(ref _everyRegion) : Volatile.Read(ref _healthy);
        var backend = table.Pick(ref dice);
        if (backend is null) return new TrafficOutcome(503, TrafficReasons.NoHealthyRegion, AnswerLatency);
        var traffic = backend.Traffic;
        if (_infrastructure.IsDark(traffic.Region))
        {
            return new TrafficOutcome(504, TrafficReasons.RegionUnreachable, BackendTimeout, traffic.Region, traffic.Cluster);
        }

        return traffic.Serve(ref dice);
    }

    /// <summary>Checks every cluster every <see cref="HealthCheckPolicy.Interval"/>, each at its own seeded phase, until cancelled.</summary>
    public Task RunHealthChecksAsync(CancellationToken cancellationToken)
    {
        var phases = _checks.Next();
        return Task.WhenAll(_backends.Select(b => CheckAsync(b, Policy.Interval * phases.NextDouble(), cancellationToken)));
    }

    private async Task CheckAsync(LoadBalancerBackend backend, TimeSpan phase, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(phase, _clock, cancellationToken).ConfigureAwait(false);
            var next = _clock.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                var (passed, failure) = await CheckOnceAsync(backend.Traffic, cancellationToken).ConfigureAwait(false);
                var now = _clock.GetUtcNow();
                if (backend.Count(passed, failure, now, Policy))
                {
                    lock (_gate) (_healthy, _everyRegion) = BuildTables();
                    HealthChanged?.Invoke(backend.Status);
                }

                // One check per interval: a timer that wakes a hair early must not make this check count twice.
                next += Policy.Interval;
                while (next <= now) next += Policy.Interval;
                await Task.Delay(next - now, _clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<(bool Passed, string? Failure)> CheckOnceAsync(ClusterTraffic traffic, CancellationToken cancellationToken)
    {
        if (_infrastructure.IsDark(traffic.Region))
        {
            await Task.Delay(Policy.Timeout, _clock, cancellationToken).ConfigureAwait(false);
            return (false, $"timed out after {Policy.Timeout.TotalSeconds:0.#}s");
        }

        var dice = _checks.Next();
        var outcome = traffic.Serve(ref dice, healthCheck: true);
        if (outcome.Latency > Policy.Timeout) return (false, $"timed out after {Policy.Timeout.TotalSeconds:0.#}s");
        return outcome.Succeeded ? (true, null) : (false, $"{outcome.Status}: {outcome.Reason}");
    }

    private (LoadBalancerTable Healthy, LoadBalancerTable EveryRegion) BuildTables()
    {
        var byRegion = _backends.GroupBy(b => b.Traffic.Region).ToList();
        var healthy = new LoadBalancerTable(byRegion.Select(g => (_weights[g.Key], g.Where(b => b.Healthy).ToArray())));
        var every = new LoadBalancerTable(byRegion.Select(g => (_weights[g.Key], g.ToArray())));
        return (healthy, every);
    }
}
