using System.Diagnostics;
using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Testing;

/// <summary>
/// Starts the embedded fleet as its own process with <c>chaos fleet up --state-dir DIR</c> and waits for its fleet.json.
/// The CLI is found from <c>CHAOS_CLI</c> (an executable or a chaos.dll), else from the repository's build output.
/// </summary>
public sealed class ProcessFleetLauncher(TimeSpan? startTimeout = null) : IEmbeddedFleetLauncher
{
    public async Task<IAsyncDisposable> StartAsync(string stateDirectory, CancellationToken cancellationToken)
    {
        var (file, prefix) = FindCli();
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(["fleet", "up", "--state-dir", stateDirectory]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var handle = new FleetProcess(process);
        try
        {
            var fleetJson = Path.Combine(stateDirectory, "fleet.json");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(startTimeout ?? TimeSpan.FromMinutes(2));
            using var watcher = new FileSystemWatcher(stateDirectory, "fleet.json") { EnableRaisingEvents = true };
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while (!File.Exists(fleetJson) || !IsComplete(fleetJson))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"'chaos fleet up' exited with code {process.ExitCode} before writing {fleetJson}.");
                }

                await tick.WaitForNextTickAsync(timeout.Token).ConfigureAwait(false);
            }

            return handle;
        }
        catch
        {
            await handle.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static bool IsComplete(string fleetJson)
    {
        try
        {
            FleetLoader.Parse(fleetJson, File.ReadAllText(fleetJson));
            return true;
        }
        catch (Exception e) when (e is FleetFileException or IOException)
        {
            return false;
        }
    }

    private static (string File, string[] Prefix) FindCli()
    {
        var configured = Environment.GetEnvironmentVariable("CHAOS_CLI");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? ("dotnet", [configured]) : (configured, []);
        }

        var root = ChaosRun.RepositoryRoot();
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var dll = Path.Combine(root, "src", "ChaosHarness.Cli", "bin", configuration, "net10.0", "chaos.dll");
            if (File.Exists(dll))
            {
                return ("dotnet", [dll]);
            }
        }

        throw new InvalidOperationException("No embedded fleet to start: set CHAOS_FLEET to a fleet file or fleet.json, set CHAOS_CLI to the chaos CLI, or build src/ChaosHarness.Cli.");
    }

    private sealed class FleetProcess(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        }
    }
}
