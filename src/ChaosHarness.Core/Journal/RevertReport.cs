using System.Text;

namespace ChaosHarness.Core.Journal;

/// <summary>The result of <see cref="OrphanReverter.RevertAsync"/>.</summary>
public sealed record RevertReport(IReadOnlyList<RevertOutcome> Faults, IReadOnlyList<string> SkippedLiveRuns)
{
    public bool Succeeded => Faults.All(f => f.Reverted);

    public override string ToString()
    {
        var text = new StringBuilder();
        if (Faults.Count == 0)
        {
            text.AppendLine("Nothing to revert: no fault of a dead run is left in place.");
        }

        foreach (var f in Faults)
        {
            text.AppendLine(f.Reverted
                ? $"reverted {f.Fault} ({f.Changes} change(s)) on {f.Target} — run {f.Run}, fault {f.FaultId}"
                : $"FAILED to revert {f.Fault} on {f.Target} — run {f.Run}, fault {f.FaultId}: {string.Join("; ", f.Failures)}");
        }

        foreach (var run in SkippedLiveRuns)
        {
            text.AppendLine($"skipped run {run}: it is still alive");
        }

        return text.ToString();
    }
}
