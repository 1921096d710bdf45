namespace ChaosHarness.Core.Expectations;

public sealed record ExpectationResult(string Name, bool Passed, string Seen, DateTimeOffset StartedAt, DateTimeOffset DecidedAt)
{
    public TimeSpan Took => DecidedAt - StartedAt;
}
