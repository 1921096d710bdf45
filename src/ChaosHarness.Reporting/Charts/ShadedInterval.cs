namespace ChaosHarness.Reporting.Charts;

/// <summary>A stretch of time to shade behind the lines: a fault window, or a rollout phase.</summary>
public sealed record ShadedInterval(string Label, DateTimeOffset From, DateTimeOffset To, IntervalKind Kind = IntervalKind.Fault);
