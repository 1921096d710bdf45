using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Cli.Suite;

/// <summary>What a running experiment is doing, in the words a progress line needs: its step, its fleet time, its faults in place.</summary>
internal static class ExperimentActivity
{
    /// <summary>The experiment as people name it: class and test, without the namespace.</summary>
    public static string ShortName(string fullName)
    {
        var parts = fullName.Split('(')[0].Split('.');
        return parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : fullName;
    }

    /// <summary>True for what the harness did or judged (drive, inject, revert, expectations, steady state), not what it saw.</summary>
    public static bool IsStep(TimelineEvent e) => e.Kind is TimelineEventKind.Action or TimelineEventKind.Expectation
        || (e.Kind == TimelineEventKind.Harness && e.Source == "harness");

    /// <summary>A step as a plain line: when (fleet time since the experiment started) and what.</summary>
    public static string Describe(TimelineEvent e, Experiment experiment) => $"{e.At.Relative(experiment.Timeline.Origin)}  {What(e, experiment)}";

    private static string What(TimelineEvent e, Experiment experiment) => e.Subject == experiment.Name ? e.Change : $"{e.Subject}: {e.Change}";

    /// <summary>
    /// The live line: experiment (its class), fleet time, the faults in place, then the last step — in that order, so a
    /// narrow terminal cuts the step, not the faults.
    /// </summary>
    public static string Line(Experiment experiment)
    {
        var now = experiment.Clock.GetUtcNow();
        var step = experiment.Timeline.Snapshot().LastOrDefault(IsStep);
        var faults = experiment.Faults.Where(f => f.RevertedAt is null).Select(f => f.Name.Split(" (")[0] + (f.IsDryRun ? " (dry run)" : "")).ToList();
        return $"▶ {ClassName(experiment.Name)} | fleet {now:HH:mm:ss} ({now.Relative(experiment.Timeline.Origin)}) | "
            + $"faults: {(faults.Count == 0 ? "none" : string.Join(", ", faults))} | {(step is null ? "starting" : What(step, experiment))}";
    }

    private static string ClassName(string fullName)
    {
        var parts = fullName.Split('(')[0].Split('.');
        return parts.Length >= 2 ? parts[^2] : fullName;
    }
}
