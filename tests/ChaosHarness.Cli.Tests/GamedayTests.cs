using System.Text.Json;
using ChaosHarness.Cli.Tests.Support;

namespace ChaosHarness.Cli.Tests;

/// <summary>The README's main job on a small selection: <c>chaos gameday --category Smoke</c> with the embedded fleet it starts itself, then <c>chaos report</c>.</summary>
public sealed class GamedayTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-gameday-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public async Task Gameday_on_the_Smoke_category_writes_results_report_junit_and_a_summary_then_report_carries_the_trend()
    {
        var gameday = await _chaos.RunAsync("gameday", "--category", "Smoke", "--filter", "ZoneLossDuringDeploymentRollout");

        Assert.That(gameday.ExitCode, Is.Zero, gameday.ToString());
        Assert.That(gameday.Output, Does.Contain("started in this process"));
        Assert.That(gameday.Output, Does.Contain("PASSED").And.Contain("ZoneLossDuringDeploymentRollout.The_rollout_completes_in_the_remaining_zones_and_the_fleet_recovers"));
        Assert.That(gameday.Output, Does.Contain("Experiments: 1 — 1 passed, 0 failed, 0 inconclusive, 0 broken, 0 skipped"));

        var results = Directory.GetFiles(Path.Combine(_chaos.Reports, "allure-results"), "*-result.json");
        Assert.That(results, Has.Length.EqualTo(1));
        using (var result = JsonDocument.Parse(await File.ReadAllTextAsync(results[0])))
        {
            Assert.That(result.RootElement.GetProperty("status").GetString(), Is.EqualTo("passed"));
            Assert.That(result.RootElement.GetProperty("fullName").GetString(), Does.Contain("ZoneLossDuringDeploymentRollout"));
        }

        Assert.That(File.Exists(Path.Combine(_chaos.Reports, "allure-report", "index.html")), Is.True, gameday.ToString());
        var junit = await File.ReadAllTextAsync(Path.Combine(_chaos.Reports, "junit.xml"));
        Assert.That(junit, Does.Contain("tests=\"1\"").And.Contain("failures=\"0\""));
        Assert.That(gameday.Output, Does.Contain($"report: {Path.Combine(_chaos.Reports, "allure-report", "index.html")}"));
        Assert.That(_chaos.ReportFiles(), Has.None.StartsWith("embedded-fleet"), "the embedded fleet's state folder was left behind");

        var report = await _chaos.RunAsync("report", "--single-file");

        Assert.That(report.ExitCode, Is.Zero, report.ToString());
        Assert.That(report.Output, Does.Contain("trend carried from the previous report"));
        Assert.That(File.Exists(Path.Combine(_chaos.Reports, "allure-report-single", "index.html")), Is.True);
        Assert.That(Directory.GetFiles(Path.Combine(_chaos.Reports, "allure-report", "history")), Is.Not.Empty);
    }
}
