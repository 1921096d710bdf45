using ChaosHarness.Core.Experiments;
using ChaosHarness.Reporting.Charts;

namespace ChaosHarness.Testing;

/// <summary>Turns an experiment's traffic and rollouts into the report's charts, with fault windows shaded.</summary>
public static class ExperimentCharts
{
    private const int MinRequestsPerPoint = 20;

    public static IReadOnlyList<ChartDefinition> For(Experiment experiment)
    {
        var end = experiment.Clock.GetUtcNow();
        var faults = experiment.Faults
            .Where(f => !f.IsDryRun)
            .Select(f => new ShadedInterval(f.Name, f.InjectedAt, f.RevertedAt ?? end))
            .ToList();
        var charts = new List<ChartDefinition>();
        if (experiment.Traffic is { Count: > 0 } traffic)
        {
            var window = traffic.Since(experiment.Timeline.Origin);
            var from = window.Samples[0].At;
            var to = window.Samples[^1].At;
            // About 60 points, each from enough requests that one failure or one request elsewhere is not a swing of the share.
            var perRequest = (to - from).Ticks / Math.Max(1, window.Samples.Count - 1);
            var bucket = TimeSpan.FromTicks(Math.Max(Math.Max(TimeSpan.FromSeconds(1).Ticks, (to - from).Ticks / 60), perRequest * MinRequestsPerPoint));
            var buckets = new List<(DateTimeOffset At, Core.Traffic.TrafficWindow Window)>();
            for (var at = from; at <= to; at += bucket)
            {
                buckets.Add((at + bucket / 2, traffic.Window(at, at + bucket)));
            }

            var regions = window.Samples.Where(s => s.Success).Select(s => s.Region ?? "?").Distinct().Order().ToList();
            var series = regions.Select(region => new TimeSeries(
                    $"{region} share",
                    buckets.Where(b => b.Window.Total > 0).Select(b => new TimePoint(b.At, 100 * b.Window.ShareServedBy(s => (s.Region ?? "?") == region))).ToList()))
                .Append(new TimeSeries("error rate", buckets.Where(b => b.Window.Total > 0).Select(b => new TimePoint(b.At, 100 * (1 - b.Window.SuccessRatio))).ToList(), OnRightAxis: true))
                .ToList();
            charts.Add(new ChartDefinition
            {
                Title = "Traffic share by region and error rate",
                LeftAxisLabel = "share of successful requests (%)",
                RightAxisLabel = "failed requests (%)",
                LeftAxisRange = (0, 100),
                RightAxisRange = (0, 100),
                Series = series,
                Intervals = faults,
            });
        }

        // Rollouts that never moved during the experiment (another region's, say) would only be flat lines.
        foreach (var rollout in experiment.Rollouts.Samples.GroupBy(s => s.Rollout).Where(r => r.Select(s => (s.Step, s.Weight, s.Phase)).Distinct().Count() > 1))
        {
            var samples = rollout.OrderBy(s => s.At).ToList();
            var phases = samples
                .Select((s, i) => new ShadedInterval(s.Phase ?? "?", s.At, i + 1 < samples.Count ? samples[i + 1].At : end, IntervalKind.Phase))
                .Where(p => p.To > p.From);
            charts.Add(new ChartDefinition
            {
                Title = $"{rollout.Key.Display} in {rollout.Key.Cluster}: canary weight and step",
                LeftAxisLabel = "canary weight (%)",
                RightAxisLabel = "step",
                LeftAxisRange = (0, 100),
                Series =
                [
                    new TimeSeries("canary weight", samples.Select(s => new TimePoint(s.At, s.Weight)).Append(new TimePoint(end, samples[^1].Weight)).ToList(), SeriesShape.Steps),
                    new TimeSeries("step", samples.Select(s => new TimePoint(s.At, s.Step)).Append(new TimePoint(end, samples[^1].Step)).ToList(), SeriesShape.Steps, OnRightAxis: true),
                ],
                Intervals = [.. faults, .. phases],
            });
        }

        return charts;
    }
}
