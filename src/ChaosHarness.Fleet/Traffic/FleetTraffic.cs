using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Ingress;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// Everything traffic in a fleet: the global load balancer over every cluster's ingress, its health checks, the background
/// load and the HTTP endpoint, all on the fleet clock and drawing from streams seeded by the fleet seed. Started after the
/// clusters; disposing it stops them.
/// </summary>
public sealed class FleetTraffic : IAsyncDisposable
{
    private readonly TrafficOptions _options;
    private readonly TimeProvider _clock;
    private readonly int _seed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _disposed;

    public FleetTraffic(IReadOnlyList<SimulatedCluster> clusters, TrafficOptions options, TimeProvider clock, int seed)
    {
        if (clusters.Count == 0) throw new ArgumentException("A fleet's traffic needs at least one cluster.", nameof(clusters));
        _options = options;
        _clock = clock;
        _seed = seed;
        var first = clusters[0];
        Metrics = new TrafficMetrics(clock);
        foreach (var cluster in clusters)
        {
            cluster.Traffic.Metrics = Metrics;
            cluster.TrafficMetrics = Metrics;
        }

        LoadBalancer = new GlobalLoadBalancer(clusters.Select(c => c.Traffic), first.Infrastructure, first.Defects, clock,
            SeededStream.For(seed, "health-checks"), options.HealthChecks, options.BackendTimeout, options.RegionWeights);
        LoadGenerator = new LoadGenerator(LoadBalancer, clock, SeededStream.For(seed, "load-generator"), options.LoadRequestsPerSecond);
    }

    public GlobalLoadBalancer LoadBalancer { get; }
    public LoadGenerator LoadGenerator { get; }
    /// <summary>Every request a pod answered, by cluster, namespace and version; what each cluster's analysis runs query.</summary>
    public TrafficMetrics Metrics { get; }

    /// <summary>The HTTP endpoint, once started (null when <see cref="TrafficOptions.ServeHttp"/> is off).</summary>
    public TrafficEndpoint? Endpoint { get; private set; }

    public Uri? Url => Endpoint?.Url;

    /// <summary>
    /// The bootstrap step of one cluster, before its controllers start: the ingress controller and the demo app, created by
    /// <see cref="WorkloadBootstrap"/> as soon as the cluster's nodes are Ready.
    /// </summary>
    public static void Install(SimulatedCluster cluster, TrafficOptions options)
    {
        if (options.InstallIngress) cluster.Traffic.AddWorkloads(IngressManifests.Objects(options.IngressImage));
        if (options.InstallDemoApp) cluster.Traffic.AddWorkloads(DemoAppManifests.Objects(options.DemoAppImage, options.DemoAppReplicas));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stopping = _stopping.Token;
        _loops.Add(Task.Run(() => LoadBalancer.RunHealthChecksAsync(stopping), CancellationToken.None));
        _loops.Add(Task.Run(() => LoadGenerator.RunAsync(stopping), CancellationToken.None));
        if (_options.ServeHttp)
        {
            Endpoint = await TrafficEndpoint.StartAsync(LoadBalancer, _clock, SeededStream.For(_seed, "endpoint"), cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (Endpoint is not null) await Endpoint.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
