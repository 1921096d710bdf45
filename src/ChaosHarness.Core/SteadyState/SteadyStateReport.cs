namespace ChaosHarness.Core.SteadyState;

public sealed record SteadyStateReport(string Hypothesis, IReadOnlyList<SteadyStateFinding> Findings)
{
    public bool Healthy => Findings.All(f => f.Healthy);

    public IEnumerable<SteadyStateFinding> Unhealthy => Findings.Where(f => !f.Healthy);

    public override string ToString()
        => Healthy
            ? $"steady state '{Hypothesis}' holds: {string.Join("; ", Findings.Select(f => f.Seen))}"
            : $"steady state '{Hypothesis}' does not hold: {string.Join("; ", Unhealthy.Select(f => $"{f.Check}: {f.Seen}"))}";
}
