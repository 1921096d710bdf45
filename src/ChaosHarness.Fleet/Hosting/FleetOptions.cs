using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Topology;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>How to start an embedded fleet.</summary>
public sealed record FleetOptions
{
    public const double DefaultSpeed = 60;

    public FleetTopology Topology { get; init; } = FleetTopology.Default;

    /// <summary>How many times faster than the wall clock fleet time runs.</summary>
    public double Speed { get; init; } = DefaultSpeed;

    /// <summary>Seeds every random choice the fleet makes, so that two runs with one seed behave alike.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the API servers and the control API listen: loopback on free ports unless a caller publishes them.</summary>
    public FleetListen Listen { get; init; } = FleetListen.Loopback;

    /// <summary>Where the kubeconfig and fleet.json are written; a fresh temporary folder when null.</summary>
    public string? StateDirectory { get; init; }

    public int WatchHistoryCapacity { get; init; } = ObjectStore.DefaultHistoryCapacity;

    /// <summary>The instant fleet time starts at; the wall clock's now when null.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Seeded defects switched on from the start.</summary>
    public IReadOnlyList<FleetDefect> Defects { get; init; } = [];

    /// <summary>The ingress controller and demo app in every cluster, the global load balancer, background load, traffic endpoint.</summary>
    public TrafficOptions Traffic { get; init; } = TrafficOptions.Default;

    /// <summary>Which image versions do what; the built-in catalogue (<c>Images/images.yaml</c>) when null.</summary>
    public ImageCatalogue? Images { get; init; }

    /// <summary>Replaces the real-time clock, for tests that step time by hand. Overrides <see cref="Speed"/>.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// The control loops each cluster runs, given the cluster; <see cref="DefaultControllers.For"/> unless a caller wants
    /// fewer (an API server alone, whose objects stay as written, returns none).
    /// </summary>
    public Func<SimulatedCluster, IReadOnlyList<IClusterController>> Controllers { get; init; } = DefaultControllers.For;

    /// <summary>
    /// A cloud whose machines back the nodes of the clusters it names (EC2 in a moto server, say): one machine per node,
    /// provisioned at start, followed on the fleet clock. Null (the default): every machine is simulated. The fleet
    /// disposes it when it stops.
    /// </summary>
    public IMachineBackend? MachineBackend { get; init; }
}
