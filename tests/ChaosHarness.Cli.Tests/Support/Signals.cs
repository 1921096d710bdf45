using System.Runtime.InteropServices;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>SIGTERM for a chaos process, as a scheduler or <c>kill</c> sends it (.NET's Process.Kill only sends SIGKILL).</summary>
internal static partial class Signals
{
    private const int SigTerm = 15;

    public static void Terminate(int processId) => Assert.That(Kill(processId, SigTerm), Is.Zero, $"kill -TERM {processId}");

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
