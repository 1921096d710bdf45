using System.Diagnostics;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cli.Tests.Support;

/// <summary>Follows the journals a chaos process writes, to act at the moment a fault is in place.</summary>
internal static class JournalWatch
{
    /// <summary>Waits until a run's journal says its fault was injected and not yet reverted.</summary>
    public static async Task<RunId> InjectedRunAsync(JournalDirectory journal, Process chaos)
    {
        using var deadline = new CancellationTokenSource(ChaosCli.Patience);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await tick.WaitForNextTickAsync(deadline.Token))
        {
            Assert.That(chaos.HasExited, Is.False, "chaos ended before its fault was injected");
            foreach (var run in journal.Runs())
            {
                var kinds = await KindsAsync(journal, run);
                if (kinds.Contains(JournalEntryKind.Injected) && !kinds.Contains(JournalEntryKind.Reverted))
                {
                    return run;
                }
            }
        }

        throw new TimeoutException("no fault was injected");
    }

    public static async Task<IReadOnlyList<JournalEntryKind>> KindsAsync(JournalDirectory journal, RunId run)
        => [.. (await journal.ReadAsync(run)).Select(e => e.Kind)];
}
