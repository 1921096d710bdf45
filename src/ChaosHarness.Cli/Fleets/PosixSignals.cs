using System.Runtime.InteropServices;

namespace ChaosHarness.Cli.Fleets;

/// <summary>Sends a signal to another process; .NET's Process.Kill only sends SIGKILL, which would skip a fleet's clean stop.</summary>
internal static partial class PosixSignals
{
    public const int SigTerm = 15;

    /// <summary>True when the signal was delivered; false when no such process exists (any more).</summary>
    public static bool Send(int processId, int signal) => Kill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
