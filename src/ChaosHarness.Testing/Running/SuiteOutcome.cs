namespace ChaosHarness.Testing.Running;

/// <summary>The verdicts of a suite run, in the order the experiments ran.</summary>
public sealed record SuiteOutcome(IReadOnlyList<ExperimentVerdict> Experiments, TimeSpan Duration)
{
    public int Count(ExperimentOutcome outcome) => Experiments.Count(e => e.Outcome == outcome);

    /// <summary>Every experiment passed (skipped and inconclusive ones do not fail a run, but are counted).</summary>
    public bool Succeeded => Experiments.All(e => e.Outcome is not (ExperimentOutcome.Failed or ExperimentOutcome.Error));

    public override string ToString()
        => $"{Experiments.Count} experiment(s): {Count(ExperimentOutcome.Passed)} passed, {Count(ExperimentOutcome.Failed)} failed, "
           + $"{Count(ExperimentOutcome.Error)} errors, {Count(ExperimentOutcome.Inconclusive)} inconclusive, {Count(ExperimentOutcome.Skipped)} skipped";
}
