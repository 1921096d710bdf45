using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Testing;

/// <summary>
/// What one test run shares: the fleet (from <c>CHAOS_FLEET</c>, the runsettings/TestContext parameter <c>fleet</c>,
/// or an embedded fleet started for the run), where reports go, and the experiments still live — reverted if the
/// process is asked to stop (Ctrl-C, SIGTERM).
/// </summary>
public static class ChaosRun
{
    public const string FleetVariable = "CHAOS_FLEET";
    public const string FleetParameter = "fleet";
    public const string DryRunParameter = "dryRun";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<Experiment> Live = [];
    private static Fleet? _fleet;
    private static IAsyncDisposable? _embedded;
    private static string? _embeddedState;
    private static bool _hooked;

    /// <summary>
    /// The plan of a run (<c>CHAOS_DRY_RUN=1</c> or the parameter <c>dryRun=true</c>): every experiment prints what it
    /// would drive, inject and expect, reads the fleet, and changes nothing.
    /// </summary>
    public static bool DryRun
        => Environment.GetEnvironmentVariable("CHAOS_DRY_RUN") is "1" or "true"
           || string.Equals(TestContext.Parameters.Get(DryRunParameter), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>How an embedded fleet is started when none is named; an in-process launcher can be set by the suite.</summary>
    public static IEmbeddedFleetLauncher EmbeddedFleetLauncher { get; set; } = new ProcessFleetLauncher();

    /// <summary>The fleet of this run, resolved once.</summary>
    public static async Task<Fleet> FleetAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_fleet is not null)
            {
                return _fleet;
            }

            HookProcessExit();
            var named = Environment.GetEnvironmentVariable(FleetVariable);
            if (string.IsNullOrWhiteSpace(named))
            {
                named = TestContext.Parameters.Get(FleetParameter);
            }

            if (string.IsNullOrWhiteSpace(named))
            {
                var state = Path.Combine(ReportsDirectory(), "embedded-fleet", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(state);
                TestContext.Progress.WriteLine($"No {FleetVariable} and no '{FleetParameter}' parameter: starting an embedded fleet in {state}");
                _embedded = await EmbeddedFleetLauncher.StartAsync(state, cancellationToken).ConfigureAwait(false);
                _embeddedState = state;
                named = Path.Combine(state, "fleet.json");
            }

            _fleet = await FleetLoader.LoadAsync(named, cancellationToken).ConfigureAwait(false);
            TestContext.Progress.WriteLine($"Fleet: {_fleet} from {_fleet.SourcePath}");
            return _fleet;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Stops the embedded fleet this run started, if any. Call from a [OneTimeTearDown] of a [SetUpFixture].</summary>
    public static async Task ShutdownAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_embedded is not null)
            {
                await _embedded.DisposeAsync().ConfigureAwait(false);
                _embedded = null;
                try
                {
                    Directory.Delete(_embeddedState!, recursive: true);
                }
                catch (IOException)
                {
                }
            }

            _fleet = null;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary><c>reports/</c> at the repository root (or <c>CHAOS_REPORTS</c>).</summary>
    public static string ReportsDirectory()
        => Environment.GetEnvironmentVariable("CHAOS_REPORTS") is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(RepositoryRoot(), "reports");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChaosHarness.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    internal static void Track(Experiment experiment)
    {
        lock (Live)
        {
            Live.Add(experiment);
        }

        Running.ProgressBoard.Post(experiment);
    }

    internal static void Untrack(Experiment experiment)
    {
        lock (Live)
        {
            Live.Remove(experiment);
        }

        Running.ProgressBoard.Remove(experiment);
    }

    private static void HookProcessExit()
    {
        if (_hooked)
        {
            return;
        }

        _hooked = true;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RevertLive("the process is exiting");
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C reverts and lets the run end; a second one ends it at once.
            e.Cancel = Live.Count > 0;
            RevertLive("Ctrl-C");
        };
    }

    private static void RevertLive(string why)
    {
        Experiment[] live;
        lock (Live)
        {
            live = [.. Live];
        }

        foreach (var experiment in live)
        {
            try
            {
                TestContext.Progress.WriteLine($"{why}: reverting the faults of {experiment.Name} (run {experiment.Run})");
                experiment.StopAsync(why).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                TestContext.Progress.WriteLine($"reverting {experiment.Name} failed: {e.Message}; 'chaos revert' will find it in the journal");
            }
        }
    }
}
