namespace ChaosHarness.Testing.Running;

public enum ExperimentOutcome
{
    Passed,

    /// <summary>An expectation did not hold (or an assertion failed).</summary>
    Failed,

    /// <summary>The steady state did not hold before injection: nothing was injected.</summary>
    Inconclusive,

    Skipped,

    /// <summary>The harness or the infrastructure failed (an exception that is not a failed expectation).</summary>
    Error,
}
