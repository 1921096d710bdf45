namespace ChaosHarness.Reporting.Allure;

/// <summary>
/// The prefixes the harness starts its failure messages with, so the report can sort failures into
/// <see cref="HarnessCategories"/>. An exception message that starts with <see cref="ExpectationFailed"/> also counts
/// as a failed (not broken) test or step, whatever its type.
/// </summary>
public static class FailureMessages
{
    /// <summary>An expectation did not hold: "Expectation failed: rollout halts within 2m: saw step 3 -> 4 at 12:03:10".</summary>
    public const string ExpectationFailed = "Expectation failed:";

    /// <summary>The fleet was unhealthy before anything was injected; the experiment is inconclusive.</summary>
    public const string SteadyStateNotMet = "Steady state not met:";

    /// <summary>The harness itself could not do its job (a bug, a guardrail, a journal it could not write).</summary>
    public const string HarnessError = "Harness error:";

    /// <summary>Something under the harness failed: an API server unreachable, a cloud call refused, a timeout talking to the fleet.</summary>
    public const string InfrastructureError = "Infrastructure error:";
}
