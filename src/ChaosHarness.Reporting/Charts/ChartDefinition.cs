namespace ChaosHarness.Reporting.Charts;

/// <summary>Everything a chart shows, as plain data: the core's timeline is turned into this, the renderer draws it.</summary>
public sealed record ChartDefinition
{
    public required string Title { get; init; }
    public string LeftAxisLabel { get; init; } = "";
    public string RightAxisLabel { get; init; } = "";
    public IReadOnlyList<TimeSeries> Series { get; init; } = [];
    public IReadOnlyList<ShadedInterval> Intervals { get; init; } = [];

    /// <summary>Fixed left-axis range, e.g. 0–100 for percentages; fitted to the data when null.</summary>
    public (double Min, double Max)? LeftAxisRange { get; init; }

    public (double Min, double Max)? RightAxisRange { get; init; }
    public int Width { get; init; } = 1000;
    public int Height { get; init; } = 420;
}
