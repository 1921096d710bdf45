namespace ChaosHarness.Reporting.Charts;

public readonly record struct TimePoint(DateTimeOffset Time, double Value);
