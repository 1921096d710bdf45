namespace ChaosHarness.Core.Expectations;

public enum ExpectationOutcome
{
    Pending,
    Passed,
    Failed,
}
