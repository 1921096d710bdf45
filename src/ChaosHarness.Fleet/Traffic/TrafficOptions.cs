using ChaosHarness.Fleet.DemoApp;
using ChaosHarness.Fleet.Ingress;

namespace ChaosHarness.Fleet.Traffic;

/// <summary>How the fleet's traffic is set up: what runs in every cluster, the load balancer, and the background load.</summary>
public sealed record TrafficOptions
{
    /// <summary>Background requests per second of fleet time, through the load balancer; 0 for none.</summary>
    public double LoadRequestsPerSecond { get; init; } = 60;

    public HealthCheckPolicy HealthChecks { get; init; } = HealthCheckPolicy.Default;

    public TimeSpan BackendTimeout { get; init; } = GlobalLoadBalancer.DefaultBackendTimeout;

    /// <summary>Relative traffic shares by region; regions not named get <see cref="GlobalLoadBalancer.DefaultRegionWeight"/>.</summary>
    public IReadOnlyDictionary<string, int> RegionWeights { get; init; } = new Dictionary<string, int>();

    /// <summary>Installs the ingress controller in every cluster at start.</summary>
    public bool InstallIngress { get; init; } = true;

    /// <summary>Installs the demo app in every cluster at start (needs the Argo Rollouts kinds).</summary>
    public bool InstallDemoApp { get; init; } = true;

    public string IngressImage { get; init; } = IngressNames.DefaultImage;
    public string DemoAppImage { get; init; } = DemoAppManifests.DefaultImage;
    public int DemoAppReplicas { get; init; } = DemoAppManifests.DefaultReplicas;

    /// <summary>Serves the HTTP traffic endpoint on 127.0.0.1.</summary>
    public bool ServeHttp { get; init; } = true;

    public static TrafficOptions Default { get; } = new();

    /// <summary>
    /// The load balancer, endpoint and background load without the ingress controller and demo app: for tests that must
    /// own every pod of their clusters (a drain that counts evictions, a scheduler that counts placements).
    /// </summary>
    public static TrafficOptions WithoutWorkloads { get; } = new() { InstallIngress = false, InstallDemoApp = false };
}
