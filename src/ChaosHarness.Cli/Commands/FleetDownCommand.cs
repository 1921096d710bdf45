using System.CommandLine;
using ChaosHarness.Cli.Fleets;

namespace ChaosHarness.Cli.Commands;

/// <summary>
/// <c>chaos fleet down [--state-dir DIR] [--timeout SECONDS]</c>: stops the <c>chaos fleet up</c> whose state folder
/// this is (its fleet.json names its process) with SIGTERM — the same clean stop as Ctrl-C — and waits for it to exit.
/// </summary>
internal static class FleetDownCommand
{
    public static Command Create()
    {
        var stateDir = new Option<DirectoryInfo>("--state-dir")
        {
            Description = "The state folder the fleet was started with.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(Environment.CurrentDirectory, ".state", "fleet")),
        };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds (wall clock) to wait for the fleet to exit.",
            DefaultValueFactory = _ => 60,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var seconds && (!double.IsFinite(seconds) || seconds <= 0))
            {
                result.AddError($"--timeout must be a positive number of seconds, got {seconds}.");
            }
        });

        var down = new Command("down", "Stop a running 'chaos fleet up' (SIGTERM) and wait for it to exit.") { stateDir, timeout };
        down.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(stateDir)!, TimeSpan.FromSeconds(parsed.GetValue(timeout)), cancellationToken));
        return down;
    }

    private static async Task<int> RunAsync(DirectoryInfo stateDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RunningFleet? fleet;
        try
        {
            fleet = RunningFleet.Find(stateDir.FullName);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"chaos fleet down: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        if (fleet is null)
        {
            Console.WriteLine($"fleet already stopped (its process is gone; {stateDir.FullName} holds a stale fleet.json)");
            return ExitCodes.Success;
        }

        Console.WriteLine($"stopping fleet (process {fleet.ProcessId})");
        if (!await fleet.StopAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"chaos fleet down: process {fleet.ProcessId} is still running after {timeout.TotalSeconds:0.#} s").ConfigureAwait(false);
            return ExitCodes.HarnessError;
        }

        Console.WriteLine("fleet stopped");
        return ExitCodes.Success;
    }
}
