using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;

namespace ChaosHarness.Containers;

/// <summary>
/// Starts one region of the embedded fleet in its own container on its own Docker network:
/// <c>new ContainerRegionBuilder("eu-west").WithImage("chaos-harness:local").StartAsync()</c>.
/// The image is the harness image (deploy/docker): its entrypoint is the <c>chaos</c> command.
/// </summary>
public sealed class ContainerRegionBuilder(string region)
{
    public const string DefaultImage = "chaos-harness:local";

    private string _image = DefaultImage;
    private double _speed = 60;
    private int _seed = 1;
    private string? _stateDirectory;

    public string Region { get; } = string.IsNullOrWhiteSpace(region) ? throw new ArgumentException("A region needs a name.", nameof(region)) : region;

    public ContainerRegionBuilder WithImage(string image)
    {
        _image = image;
        return this;
    }

    /// <summary>How many times faster than the wall clock the region's fleet time runs.</summary>
    public ContainerRegionBuilder WithSpeed(double speed)
    {
        _speed = speed >= 1 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed is a factor of at least 1.");
        return this;
    }

    public ContainerRegionBuilder WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Where the host-side kubeconfig and fleet.json are written; a temporary folder, removed on dispose, when not set.</summary>
    public ContainerRegionBuilder WithStateDirectory(string directory)
    {
        _stateDirectory = directory;
        return this;
    }

    /// <summary>
    /// A host port free now. Ports are fixed at creation rather than left to Docker, because Docker picks new random
    /// ports when a cut region is reconnected, and the harness would be left calling the old ones.
    /// </summary>
    private static int FreeHostPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task<ContainerRegion> StartAsync(CancellationToken cancellationToken = default)
    {
        await DockerEngine.EnsureAvailableAsync(cancellationToken).ConfigureAwait(false);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"chaos-region-{Region}-{suffix}";
        var network = new NetworkBuilder().WithName(name).WithLabel(DockerEngine.Label, Region).Build();
        var builder = new ContainerBuilder(_image)
            .WithName(name)
            .WithLabel(DockerEngine.Label, Region)
            .WithNetwork(network)
            .WithNetworkAliases(Region)
            .WithPortBinding(FreeHostPort(), RegionPorts.Control)
            .WithCommand(
                "fleet", "up", "--region", Region, "--listen", "0.0.0.0",
                "--api-port", RegionPorts.Api.ToString(CultureInfo.InvariantCulture), "--control-port", RegionPorts.Control.ToString(CultureInfo.InvariantCulture),
                "--state-dir", ContainerRegion.ContainerStateDirectory,
                "--speed", _speed.ToString(CultureInfo.InvariantCulture), "--seed", _seed.ToString(CultureInfo.InvariantCulture))
            // An init as PID 1 passes SIGTERM on, so the fleet stops at once instead of after Docker's 10 s grace.
            .WithCreateParameterModifier(p => (p.HostConfig ??= new()).Init = true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("fleet ready"));
        foreach (var port in RegionPorts.ApiPorts)
        {
            builder = builder.WithPortBinding(FreeHostPort(), port);
        }

        var container = builder.Build();
        var ownsState = _stateDirectory is null;
        var state = _stateDirectory ?? Directory.CreateTempSubdirectory($"chaos-region-{Region}-").FullName;
        try
        {
            await network.CreateAsync(cancellationToken).ConfigureAwait(false);
            await container.StartAsync(cancellationToken).ConfigureAwait(false);
            return await ContainerRegion.AttachAsync(Region, container, network, state, ownsState, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await container.DisposeAsync().ConfigureAwait(false);
            await network.DisposeAsync().ConfigureAwait(false);
            if (ownsState)
            {
                Directory.Delete(state, recursive: true);
            }

            throw;
        }
    }
}
