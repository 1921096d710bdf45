using System.Diagnostics;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Cli.Fleets;

/// <summary>
/// A <c>chaos fleet up</c> found through the fleet.json it wrote into its state folder (which names its process), so
/// that <c>chaos fleet down</c> can stop it as Ctrl-C would.
/// </summary>
internal sealed class RunningFleet
{
    private RunningFleet(string fleetFile, int processId)
    {
        FleetFile = fleetFile;
        ProcessId = processId;
    }

    public string FleetFile { get; }

    public int ProcessId { get; }

    /// <summary>
    /// The fleet whose state folder this is; null when its process is gone (a stale fleet.json). Throws
    /// <see cref="FileNotFoundException"/> when the folder holds no fleet.json and <see cref="InvalidDataException"/>
    /// when it cannot be read or names a process that is not a <c>chaos fleet up</c>.
    /// </summary>
    public static RunningFleet? Find(string stateDirectory)
    {
        var fleetFile = Path.Combine(Path.GetFullPath(stateDirectory), FleetStateFile.FileName);
        if (!File.Exists(fleetFile))
        {
            throw new FileNotFoundException($"no {FleetStateFile.FileName} in {Path.GetDirectoryName(fleetFile)}: no fleet was started there (chaos fleet up --state-dir DIR)", fleetFile);
        }

        FleetStateFile state;
        try
        {
            state = FleetStateFile.Parse(File.ReadAllText(fleetFile));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{fleetFile} cannot be read: {e.Message}", e);
        }

        if (state.ProcessId <= 0)
        {
            throw new InvalidDataException($"{fleetFile} names no process.");
        }

        if (!IsAlive(state.ProcessId))
        {
            return null;
        }

        if (CommandLine(state.ProcessId) is { } arguments && !IsFleetUp(arguments))
        {
            throw new InvalidDataException(
                $"{fleetFile} names process {state.ProcessId}, which is not a 'chaos fleet up' ({string.Join(' ', arguments)}); it was left alone.");
        }

        return new RunningFleet(fleetFile, state.ProcessId);
    }

    /// <summary>Sends SIGTERM and waits for the process to end; false if it is still running at the deadline.</summary>
    public async Task<bool> StopAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(ProcessId);
        }
        catch (ArgumentException)
        {
            return true;
        }

        using (process)
        {
            if (!PosixSignals.Send(ProcessId, PosixSignals.SigTerm))
            {
                return !IsAlive(ProcessId);
            }

            using var timeout = new CancellationTokenSource(deadline, TimeProvider.System);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The process's arguments from /proc (Linux); null where that cannot be read.</summary>
    private static string[]? CommandLine(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFleetUp(string[] arguments)
    {
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] == "fleet" && arguments[i + 1] == "up")
            {
                return true;
            }
        }

        return false;
    }
}
