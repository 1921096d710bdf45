using ChaosHarness.Fleet.Api.Http;
using ChaosHarness.Core.Clock;
using ChaosHarness.Fleet.Control;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Images;
using ChaosHarness.Fleet.Infrastructure;
using ChaosHarness.Fleet.Physics;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>
/// A running simulated fleet: one API server per cluster on 127.0.0.1, their control loops on one accelerated clock,
/// the control API through which its physics fail and recover, and a state folder with the kubeconfig and fleet.json
/// that clients use to reach it. Disposing it stops everything.
/// </summary>
public sealed class EmbeddedFleet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<ClusterApiServer> _servers = [];
    private readonly List<Task> _loops = [];
    private readonly bool _ownsStateDirectory;
    private FleetControlServer? _control;

    private EmbeddedFleet(FleetOptions options, TimeProvider clock, string stateDirectory, bool ownsStateDirectory)
    {
        Options = options;
        Clock = clock;
        StateDirectory = stateDirectory;
        _ownsStateDirectory = ownsStateDirectory;
        Defects = new FleetDefects(options.Defects);
        Images = options.Images ?? ImageCatalogue.CreateDefault();
        Clusters = [.. options.Topology.Clusters.Select(t => new SimulatedCluster(t, clock, options.Seed, options.WatchHistoryCapacity)
        {
            Infrastructure = Infrastructure,
            Defects = Defects,
            Images = Images,
        })];
        Traffic = new FleetTraffic(Clusters, options.Traffic, clock, options.Seed);
        Physics = new FleetPhysics(Clusters, Infrastructure, Defects, Images, clock);
    }

    public FleetOptions Options { get; }

    /// <summary>The physical world under the clusters: zone power and network, region reachability.</summary>
    public FleetInfrastructure Infrastructure { get; } = new();

    public FleetDefects Defects { get; }

    /// <summary>The failures of the fleet's world, by name: what the control API serves.</summary>
    public FleetPhysics Physics { get; }

    /// <summary>The control API's URL once it listens.</summary>
    public Uri? ControlUrl => _control?.Url;

    /// <summary>Which image versions do what, in every cluster.</summary>
    public ImageCatalogue Images { get; }

    /// <summary>The global load balancer, its health checks, the background load and the HTTP traffic endpoint.</summary>
    public FleetTraffic Traffic { get; }
    public TimeProvider Clock { get; }
    public IReadOnlyList<SimulatedCluster> Clusters { get; }
    public string StateDirectory { get; }
    public string KubeconfigPath => Path.Combine(StateDirectory, FleetStateFile.KubeconfigFileName);
    public string FleetFilePath => Path.Combine(StateDirectory, FleetStateFile.FileName);

    public SimulatedCluster this[string clusterName] =>
        Clusters.FirstOrDefault(c => c.Name == clusterName)
        ?? throw new KeyNotFoundException($"The fleet has no cluster named '{clusterName}'; it has {string.Join(", ", Clusters.Select(c => c.Name))}.");

    /// <summary>Starts every cluster's API server and control loops, then writes the state folder.</summary>
    public static async Task<EmbeddedFleet> StartAsync(FleetOptions options, CancellationToken cancellationToken = default)
    {
        var clock = options.Clock ?? new AcceleratedTimeProvider(options.Speed, options.StartTime);
        var ownsState = options.StateDirectory is null;
        var stateDirectory = options.StateDirectory ?? Directory.CreateTempSubdirectory("chaos-fleet-").FullName;
        Directory.CreateDirectory(stateDirectory);

        var fleet = new EmbeddedFleet(options, clock, stateDirectory, ownsState);
        try
        {
            await fleet.StartClustersAsync(cancellationToken).ConfigureAwait(false);
            await fleet.Traffic.StartAsync(cancellationToken).ConfigureAwait(false);
            fleet._control = await FleetControlServer.StartAsync(fleet.Physics, options.Listen.ControlEndPoint, cancellationToken).ConfigureAwait(false);
            await fleet.WriteStateAsync(cancellationToken).ConfigureAwait(false);
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public FleetStateFile Describe() => new()
    {
        Speed = Clock is AcceleratedTimeProvider accelerated ? accelerated.Factor : 1,
        Seed = Options.Seed,
        StartedAt = Clock.GetUtcNow(),
        WallClockAt = TimeProvider.System.GetUtcNow(),
        ProcessId = Environment.ProcessId,
        TrafficUrl = Traffic.Url?.ToString().TrimEnd('/'),
        ControlUrl = ControlUrl?.ToString().TrimEnd('/'),
        Clusters = [.. Clusters.Select(c => new FleetStateCluster(c.Name, c.Region, c.Zones, c.ApiUrl?.ToString().TrimEnd('/') ?? "", c.Name))],
    };

    private async Task StartClustersAsync(CancellationToken cancellationToken)
    {
        var backedNodes = Options.MachineBackend is { } backend
            ? await MachineBackedNodes.ProvisionAsync(backend, Clusters, cancellationToken).ConfigureAwait(false)
            : [];
        foreach (var nodes in backedNodes) _loops.Add(Task.Run(() => nodes.RunAsync(_stopping.Token), CancellationToken.None));
        foreach (var (cluster, index) in Clusters.Select((c, i) => (c, i)))
        {
            cluster.Bootstrap();
            FleetTraffic.Install(cluster, Options.Traffic);
            var server = await ClusterApiServer.StartAsync(cluster, Options.Listen.ApiEndPoint(index), cancellationToken).ConfigureAwait(false);
            _servers.Add(server);
            cluster.ApiUrl = server.Url;
            foreach (var controller in Options.Controllers(cluster))
            {
                _loops.Add(Task.Run(() => controller.RunAsync(cluster, _stopping.Token), CancellationToken.None));
            }
        }
    }

    private async Task WriteStateAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(KubeconfigPath, KubeconfigWriter.Render(Clusters), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(FleetFilePath, Describe().ToJson(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_control is not null) await _control.DisposeAsync().ConfigureAwait(false);
        await Traffic.DisposeAsync().ConfigureAwait(false);
        foreach (var cluster in Clusters) cluster.Store.CloseAllWatches();
        foreach (var server in _servers) await server.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        if (Options.MachineBackend is { } backend) await backend.DisposeAsync().ConfigureAwait(false);
        if (_ownsStateDirectory)
        {
            try
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
