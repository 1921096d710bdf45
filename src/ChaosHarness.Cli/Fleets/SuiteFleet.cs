using ChaosHarness.Core.Fleets;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Testing;

namespace ChaosHarness.Cli.Fleets;

/// <summary>
/// The fleet a suite runs against: a fleet file or fleet.json the user named, or an embedded fleet started in this
/// process for the run (stopped and its state folder removed when disposed).
/// </summary>
internal sealed class SuiteFleet : IAsyncDisposable
{
    private readonly EmbeddedFleet? _embedded;

    private SuiteFleet(Core.Fleets.Fleet fleet, EmbeddedFleet? embedded)
    {
        Fleet = fleet;
        _embedded = embedded;
    }

    public Core.Fleets.Fleet Fleet { get; }

    public string FleetFile => Fleet.SourcePath ?? throw new InvalidOperationException("The fleet was not loaded from a file.");

    public bool IsEmbedded => _embedded is not null;

    /// <summary>Loads and checks a named fleet file; throws <see cref="FleetFileException"/> naming what is wrong.</summary>
    public static async Task<SuiteFleet> NamedAsync(string path, CancellationToken cancellationToken)
        => Use(new SuiteFleet(await FleetLoader.LoadAsync(Path.GetFullPath(path), cancellationToken).ConfigureAwait(false), null));

    /// <summary>Starts the default embedded fleet in this process, with its state under reports/embedded-fleet/.</summary>
    public static async Task<SuiteFleet> EmbeddedAsync(string reportsRoot, CancellationToken cancellationToken)
    {
        var state = Path.Combine(reportsRoot, "embedded-fleet", $"{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        var embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = state }, cancellationToken).ConfigureAwait(false);
        try
        {
            return Use(new SuiteFleet(await FleetLoader.LoadAsync(embedded.FleetFilePath, cancellationToken).ConfigureAwait(false), embedded));
        }
        catch
        {
            await embedded.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The experiments read their fleet from CHAOS_FLEET first: this run's fleet must be the one they see.</summary>
    private static SuiteFleet Use(SuiteFleet fleet)
    {
        Environment.SetEnvironmentVariable(ChaosRun.FleetVariable, fleet.FleetFile);
        return fleet;
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is null)
        {
            return;
        }

        await _embedded.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_embedded.StateDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
