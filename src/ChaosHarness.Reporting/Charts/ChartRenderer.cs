using ScottPlot;
using ScottPlot.Plottables;

namespace ChaosHarness.Reporting.Charts;

/// <summary>Draws a <see cref="ChartDefinition"/> as a PNG with ScottPlot: time along the bottom (UTC, HH:mm:ss).</summary>
public static class ChartRenderer
{
    private static readonly Color FaultShade = Color.FromHex("#d62728").WithAlpha(0.18);

    private static readonly Color[] PhaseShades =
    [
        Color.FromHex("#1f77b4").WithAlpha(0.10),
        Color.FromHex("#2ca02c").WithAlpha(0.12),
        Color.FromHex("#ff7f0e").WithAlpha(0.12),
        Color.FromHex("#9467bd").WithAlpha(0.12),
        Color.FromHex("#8c564b").WithAlpha(0.12),
    ];

    // No red among the lines: red means a fault window.
    private static readonly Color[] LineColours =
    [
        Color.FromHex("#1f4e9c"), Color.FromHex("#2a8c3c"), Color.FromHex("#7b3fa0"), Color.FromHex("#e08a00"),
        Color.FromHex("#17a2b8"), Color.FromHex("#6b4b2a"), Color.FromHex("#555555"),
    ];

    public static byte[] RenderPng(ChartDefinition chart)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chart.Width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(chart.Height, 100);

        var plot = new Plot();
        plot.Title(chart.Title);
        var timeAxis = plot.Axes.DateTimeTicksBottom();
        if (timeAxis.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = time => time.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.Axes.Bottom.Label.Text = "UTC";
        plot.Axes.Left.Label.Text = chart.LeftAxisLabel;
        plot.Axes.Right.Label.Text = chart.RightAxisLabel;

        ShadeIntervals(plot, chart.Intervals);
        var index = 0;
        foreach (var series in chart.Series.Where(s => s.Points.Count > 0))
        {
            var scatter = plot.Add.Scatter(
                series.Points.Select(p => p.Time.UtcDateTime.ToOADate()).ToArray(),
                series.Points.Select(p => p.Value).ToArray());
            scatter.LegendText = series.Name;
            scatter.Color = LineColours[index++ % LineColours.Length];
            scatter.LineWidth = 2;
            scatter.MarkerSize = series.Points.Count <= 40 ? 4 : 0;
            scatter.ConnectStyle = series.Shape == SeriesShape.Steps ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
            if (series.OnRightAxis)
            {
                scatter.Axes.YAxis = plot.Axes.Right;
                scatter.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Axes.AutoScale();
        if (chart.LeftAxisRange is { } left)
        {
            plot.Axes.SetLimitsY(left.Min, left.Max, plot.Axes.Left);
        }

        if (chart.RightAxisRange is { } right)
        {
            plot.Axes.SetLimitsY(right.Min, right.Max, plot.Axes.Right);
        }

        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(chart.Width, chart.Height, ImageFormat.Png);
    }

    private static void ShadeIntervals(Plot plot, IReadOnlyList<ShadedInterval> intervals)
    {
        var phaseColours = new Dictionary<string, Color>(StringComparer.Ordinal);
        var labelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var interval in intervals.OrderBy(i => i.Kind == IntervalKind.Fault))
        {
            var colour = interval.Kind == IntervalKind.Fault
                ? FaultShade
                : phaseColours.TryGetValue(interval.Label, out var known)
                    ? known
                    : phaseColours[interval.Label] = PhaseShades[phaseColours.Count % PhaseShades.Length];

            HorizontalSpan span = plot.Add.HorizontalSpan(interval.From.UtcDateTime.ToOADate(), interval.To.UtcDateTime.ToOADate());
            span.FillStyle.Color = colour;
            span.LineStyle.Width = 0;
            if (labelled.Add($"{interval.Kind}:{interval.Label}"))
            {
                span.LegendText = interval.Kind == IntervalKind.Fault ? $"fault: {interval.Label}" : interval.Label;
            }
        }
    }
}
