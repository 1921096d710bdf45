namespace ChaosHarness.Reporting.Allure;

/// <summary>The report's Categories tab for game days: which failures are the system's, which are ours, which were never tested.</summary>
public static class HarnessCategories
{
    public static Category ExpectationFailed { get; } = new()
    {
        Name = "Expectation failed",
        MatchedStatuses = [Status.Failed],
        MessageRegex = Prefixed(FailureMessages.ExpectationFailed),
    };

    /// <summary>Inconclusive experiments are reported broken (as NUnit's inconclusive outcome is), so they are told apart by message.</summary>
    public static Category InconclusiveSteadyState { get; } = new()
    {
        Name = "Inconclusive: steady state not met",
        MatchedStatuses = [Status.Broken],
        MessageRegex = Prefixed(FailureMessages.SteadyStateNotMet),
    };

    /// <summary>
    /// Everything broken that is not an inconclusive steady state. Allure puts a result in every category it matches,
    /// so the categories exclude each other by their regexes.
    /// </summary>
    public static Category HarnessOrInfrastructureError { get; } = new()
    {
        Name = "Harness or infrastructure error",
        MatchedStatuses = [Status.Broken],
        MessageRegex = NotPrefixed(FailureMessages.SteadyStateNotMet),
    };

    public static Category Skipped { get; } = new()
    {
        Name = "Skipped",
        MatchedStatuses = [Status.Skipped],
    };

    /// <summary>A failure that does not say which expectation failed (a plain assertion) still belongs with the failures.</summary>
    public static Category OtherFailedAssertion { get; } = new()
    {
        Name = "Failed assertion",
        MatchedStatuses = [Status.Failed],
        MessageRegex = NotPrefixed(FailureMessages.ExpectationFailed),
    };

    public static IReadOnlyList<Category> All { get; } =
        [ExpectationFailed, InconclusiveSteadyState, HarnessOrInfrastructureError, Skipped, OtherFailedAssertion];

    // Allure matches the whole message (Java's String.matches) and messages span lines, hence (?s) and the trailing .*;
    // the prefixes hold no regular-expression syntax (a test checks), so they stand for themselves.
    private static string Prefixed(string prefix) => $"(?s){prefix}.*";

    private static string NotPrefixed(string prefix) => $"(?s)(?!{prefix}).*";
}
