namespace ChaosHarness.Reporting.Charts;

/// <summary>One line on a chart: e.g. "canary weight", "eu-west-1 share".</summary>
/// <param name="OnRightAxis">Plots against the right axis, e.g. success rate beside traffic shares.</param>
public sealed record TimeSeries(string Name, IReadOnlyList<TimePoint> Points, SeriesShape Shape = SeriesShape.Line, bool OnRightAxis = false);
