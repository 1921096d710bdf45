using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>The end of a run as one table — per experiment its verdict, duration and, when it did not pass, the first line of why — and its exit code.</summary>
internal static class SuiteSummary
{
    public static void Write(TextWriter output, IReadOnlyList<ExperimentVerdict> experiments, TimeSpan took, bool cancelled)
    {
        output.WriteLine();
        output.WriteLine(cancelled ? "Summary (cancelled: what ran before Ctrl-C)" : "Summary");
        foreach (var experiment in experiments)
        {
            output.WriteLine($"  {Word(experiment.Outcome),-12} {Seconds(experiment.Duration),9}  {ExperimentActivity.ShortName(experiment.FullName)}");
            if (experiment.Outcome != ExperimentOutcome.Passed && experiment.Headline is { Length: > 0 } why)
            {
                output.WriteLine($"  {"",-12} {"",9}  {why}");
            }
        }

        output.WriteLine(
            $"Experiments: {experiments.Count} — {Count(experiments, ExperimentOutcome.Passed)} passed, {Count(experiments, ExperimentOutcome.Failed)} failed, "
            + $"{Count(experiments, ExperimentOutcome.Inconclusive)} inconclusive, {Count(experiments, ExperimentOutcome.Error)} broken, "
            + $"{Count(experiments, ExperimentOutcome.Skipped)} skipped in {Seconds(took)}");
    }

    /// <summary>
    /// 3 if the harness or infrastructure broke an experiment; else 1 if one failed or — not in a plan — was inconclusive
    /// (nothing could be concluded: a nightly run must not pass silently on an unhealthy fleet); else 0.
    /// </summary>
    public static int ExitCode(IReadOnlyList<ExperimentVerdict> experiments, bool plan)
        => experiments.Any(e => e.Outcome == ExperimentOutcome.Error) ? ExitCodes.HarnessError
            : !plan && experiments.Any(e => e.Outcome is ExperimentOutcome.Failed or ExperimentOutcome.Inconclusive) ? ExitCodes.ExperimentFailed
            : ExitCodes.Success;

    public static string Word(ExperimentOutcome outcome) => outcome switch
    {
        ExperimentOutcome.Passed => "PASSED",
        ExperimentOutcome.Failed => "FAILED",
        ExperimentOutcome.Inconclusive => "INCONCLUSIVE",
        ExperimentOutcome.Skipped => "SKIPPED",
        _ => "BROKEN",
    };

    public static string Seconds(TimeSpan duration) => duration.TotalSeconds < 120 ? $"{duration.TotalSeconds:0.0} s" : $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s";

    private static int Count(IReadOnlyList<ExperimentVerdict> experiments, ExperimentOutcome outcome) => experiments.Count(e => e.Outcome == outcome);
}
