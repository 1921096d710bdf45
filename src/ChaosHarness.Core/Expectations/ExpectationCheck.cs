namespace ChaosHarness.Core.Expectations;

/// <summary>One evaluation of an expectation: its outcome so far and what it saw, in words.</summary>
/// <param name="Seen">What the fleet showed, e.g. "step 3/5, canary weight 40" — the "instead" of a failure message.</param>
/// <param name="RecheckAt">Evaluate again at this fleet time even if nothing changes (e.g. when a hold window ends).</param>
public readonly record struct ExpectationCheck(ExpectationOutcome Outcome, string Seen, DateTimeOffset? RecheckAt = null)
{
    public static ExpectationCheck Pending(string seen, DateTimeOffset? recheckAt = null) => new(ExpectationOutcome.Pending, seen, recheckAt);

    public static ExpectationCheck Passed(string seen) => new(ExpectationOutcome.Passed, seen);

    public static ExpectationCheck Failed(string seen) => new(ExpectationOutcome.Failed, seen);
}
