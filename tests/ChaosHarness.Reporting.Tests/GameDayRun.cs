using ChaosHarness.Reporting.Allure;
using ChaosHarness.Reporting.Charts;
using ChaosHarness.Reporting.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Reporting.Tests;

/// <summary>
/// Writes one night's results through the writer and lifecycle, as the harness will: a passing experiment and a
/// failing one, both with nested steps, a chart, and the fleet's token used (and so blanked out) along the way.
/// </summary>
internal static class GameDayRun
{
    public const string FleetToken = "fleet-token-7Hq2xPz9Kd4mWb1R";
    public const string PassingName = "Rollout halts when a zone is lost";
    public const string FailingName = "Traffic fails over when a region is lost";

    public static void Write(string resultsDirectory, int night)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, night, 2, 0, 0, TimeSpan.Zero));
        var secrets = new SecretRedactor();
        secrets.Register(FleetToken);
        var writer = new AllureResultsWriter(resultsDirectory, secrets);
        var lifecycle = new AllureLifecycle(writer, clock);
        writer.WriteCategories(HarnessCategories.All);
        writer.WriteEnvironment(new Dictionary<string, string>
        {
            ["fleet"] = "embedded",
            ["clusters"] = "eu-west-1a, us-east-1a",
            ["seed"] = "42",
            ["clock speed"] = "120x",
            ["api token"] = FleetToken,
        });
        writer.WriteExecutor(new ExecutorInfo { Name = "nightly", Type = "local", BuildOrder = night, BuildName = $"night {night}" });

        var start = clock.GetUtcNow();
        var passing = lifecycle.StartTest(Result(PassingName, nameof(PassingName)));
        lifecycle.UpdateTest(passing, r => r.Parameters.Add(Parameter.Secret("fleet token")));
        using (lifecycle.Step("steady state"))
        {
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        using (lifecycle.Step("inject zone outage: eu-west-1a"))
        {
            using (lifecycle.Step($"cordon nodes with bearer {FleetToken}"))
            {
                clock.Advance(TimeSpan.FromSeconds(20));
            }

            using (lifecycle.Step("expect the rollout halts"))
            {
                clock.Advance(TimeSpan.FromSeconds(30));
            }
        }

        lifecycle.Attach("canary weight", MediaTypes.Png, ChartRenderer.RenderPng(CanaryChart(start)), passing);
        lifecycle.StopTest(passing, Status.Passed);

        var failing = lifecycle.StartTest(Result(FailingName, nameof(FailingName)));
        using (lifecycle.Step("steady state"))
        {
            clock.Advance(TimeSpan.FromSeconds(3));
        }

        try
        {
            using (lifecycle.Step("expect traffic fails over"))
            {
                using (lifecycle.Step("probe traffic by region"))
                {
                    lifecycle.Attach("probe log", MediaTypes.Text, $"Authorization: Bearer {FleetToken}\n200 eu-west-1\n503 eu-west-1");
                    clock.Advance(TimeSpan.FromSeconds(40));
                }

                throw new AssertionFailure($"Expectation failed: traffic fails over within 60s: eu-west-1 still served 48% (token {FleetToken})");
            }
        }
        catch (AssertionFailure failure)
        {
            lifecycle.Attach("traffic by region", MediaTypes.Png, ChartRenderer.RenderPng(CanaryChart(start)), failing);
            lifecycle.StopTest(failing, Status.Failed, lifecycle.Classifier.DetailsOf(failure));
        }
    }

    public static ChartDefinition CanaryChart(DateTimeOffset start) => new()
    {
        Title = "Canary weight and rollout phase",
        LeftAxisLabel = "weight %",
        RightAxisLabel = "success %",
        LeftAxisRange = (0, 100),
        RightAxisRange = (0, 100),
        Series =
        [
            new TimeSeries("canary weight", [.. new[] { 0, 10, 10, 25, 25, 25, 0 }.Select((w, i) => new TimePoint(start.AddSeconds(i * 10), w))], SeriesShape.Steps),
            new TimeSeries("success rate", [.. Enumerable.Range(0, 61).Select(i => new TimePoint(start.AddSeconds(i), i is > 20 and < 40 ? 93 : 99.9))], OnRightAxis: true),
        ],
        Intervals =
        [
            new ShadedInterval("Progressing", start, start.AddSeconds(25), IntervalKind.Phase),
            new ShadedInterval("Paused", start.AddSeconds(25), start.AddSeconds(55), IntervalKind.Phase),
            new ShadedInterval("zone eu-west-1a down", start.AddSeconds(20), start.AddSeconds(40)),
        ],
    };

    private static TestResult Result(string name, string method)
    {
        var fullName = $"ChaosHarness.Experiments:ChaosHarness.Experiments.GameDay.{method}()";
        return new TestResult
        {
            Name = name,
            FullName = fullName,
            TestCaseId = AllureIds.TestCaseId(fullName),
            HistoryId = AllureIds.HistoryId(fullName, []),
            Labels =
            [
                Label.ParentSuite("ChaosHarness.Experiments"),
                Label.Suite("ChaosHarness.Experiments"),
                Label.SubSuite("GameDay"),
                Label.Epic("Progressive rollouts"),
                Label.Severity(Severity.Critical),
            ],
        };
    }

    /// <summary>Stands in for NUnit's AssertionException, which the classifier knows by name.</summary>
    private sealed class AssertionFailure(string message) : Exception(message);
}
