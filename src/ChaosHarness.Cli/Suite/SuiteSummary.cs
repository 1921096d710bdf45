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
            if (experiment.Outcome != ExperimentOutcome.Passed && FirstLine(experiment.Message) is { } why)
            {
                output.WriteLine($"  {"",-12} {"",9}  {why}");
            }
        }

        var counts = experiments.GroupBy(e => e.Outcome).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(
            $"Experiments: {experiments.Count} — {Count(counts, ExperimentOutcome.Passed)} passed, {Count(counts, ExperimentOutcome.Failed)} failed, "
            + $"{Count(counts, ExperimentOutcome.Inconclusive)} inconclusive, {Count(counts, ExperimentOutcome.Error)} broken, {Count(counts, ExperimentOutcome.Skipped)} skipped "
            + $"in {Seconds(took)}");
    }

    /// <summary>3 if the harness or infrastructure broke an experiment, else 1 if one failed or was inconclusive, else 0.</summary>
    public static int ExitCode(IReadOnlyList<ExperimentVerdict> experiments)
        => experiments.Any(e => e.Outcome == ExperimentOutcome.Error) ? ExitCodes.HarnessError
            : experiments.Any(e => e.Outcome is ExperimentOutcome.Failed or ExperimentOutcome.Inconclusive) ? ExitCodes.ExperimentFailed
            : ExitCodes.Success;

    private static string Word(ExperimentOutcome outcome) => outcome switch
    {
        ExperimentOutcome.Passed => "PASSED",
        ExperimentOutcome.Failed => "FAILED",
        ExperimentOutcome.Inconclusive => "INCONCLUSIVE",
        ExperimentOutcome.Skipped => "SKIPPED",
        _ => "BROKEN",
    };

    private static int Count(Dictionary<ExperimentOutcome, int> counts, ExperimentOutcome outcome) => counts.GetValueOrDefault(outcome);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds < 120 ? $"{duration.TotalSeconds:0.0} s" : $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s";

    private static string? FirstLine(string? message)
        => string.IsNullOrWhiteSpace(message) ? null : message.Trim().Split('\n')[0].TrimEnd('\r');
}
