using System.Diagnostics;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Experiments;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Benchmarks;

/// <summary>
/// The whole game-day suite on one default embedded fleet, as <c>chaos gameday</c> runs it: the suite's wall time and,
/// per experiment, its verdict and how many fleet seconds passed per wall second while it ran.
/// </summary>
public sealed class SuiteBenchmark : IBenchmark
{
    public string Name => "suite";

    public string Goal => "whole suite ≤ 3 min wall on the 2-core machine; fleet time per wall second for each experiment";

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var state = Directory.CreateTempSubdirectory("suite-benchmark-");
        var reports = Directory.CreateTempSubdirectory("suite-benchmark-reports-");
        Environment.SetEnvironmentVariable("CHAOS_REPORTS", reports.FullName);
        Environment.SetEnvironmentVariable("ALLURE_RESULTS_DIRECTORY", Path.Combine(reports.FullName, "allure-results"));
        try
        {
            var wall = Stopwatch.StartNew();
            await using var embedded = await EmbeddedFleet.StartAsync(new FleetOptions { StateDirectory = state.FullName }, cancellationToken);
            var fleetFile = Path.Combine(state.FullName, "fleet.json");
            var clock = (await FleetLoader.LoadAsync(fleetFile, cancellationToken)).Clock;
            var started = new Dictionary<string, (long Wall, DateTimeOffset Fleet)>();
            var figures = new List<Figure>();
            var progress = new SynchronousProgress(p =>
            {
                switch (p)
                {
                    case SuiteProgress.Started s:
                        started[s.FullName] = (Stopwatch.GetTimestamp(), clock.GetUtcNow());
                        break;
                    case SuiteProgress.Finished f when started.TryGetValue(f.FullName, out var from):
                        var wallSeconds = Stopwatch.GetElapsedTime(from.Wall).TotalSeconds;
                        var fleetSeconds = (clock.GetUtcNow() - from.Fleet).TotalSeconds;
                        var name = f.Verdict.FullName.Replace("ChaosHarness.Experiments.", "", StringComparison.Ordinal);
                        figures.Add(new Figure($"{name}: {f.Verdict.Outcome}, {wallSeconds:0.0} s wall, {fleetSeconds:0} fleet s; fleet s per wall s", fleetSeconds / wallSeconds, "×"));
                        break;
                }
            });

            var outcome = await new ExperimentSuiteRunner(typeof(ExperimentRun).Assembly)
                .RunAsync(new SuiteRunOptions { Fleet = fleetFile }, progress, cancellationToken);
            figures.Insert(0, new Figure($"whole suite, {outcome}, fleet start included", wall.Elapsed.TotalSeconds, "s wall"));
            return figures;
        }
        finally
        {
            state.Delete(recursive: true);
            reports.Delete(recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<SuiteProgress> report) : IProgress<SuiteProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SuiteProgress value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
