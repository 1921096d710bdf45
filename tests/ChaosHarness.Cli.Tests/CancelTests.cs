using ChaosHarness.Cli.Tests.Support;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cli.Tests;

/// <summary>A game day stopped by SIGTERM (what Ctrl-C and a scheduler's stop do) while its fault is in place.</summary>
public sealed class CancelTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-cancel-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public async Task Sigterm_during_a_fault_reverts_it_writes_the_report_and_exits_130()
    {
        await using var fleet = await TestFleets.StartSmallAsync(Path.Combine(_workDir, "fleet"), speed: 20);
        await TestFleets.HoldTheSmokeRolloutAsync(fleet);
        var cluster = fleet.Clusters[0].Name;
        var before = await NodeMarks.ReadAsync(fleet, cluster);
        var journal = new JournalDirectory(Path.Combine(_chaos.Reports, "journal"));

        using var gameday = _chaos.Start("gameday", "--category", "Smoke", "--filter", "ZoneLossDuringDeploymentRollout", "--fleet", fleet.FleetFilePath);
        var output = gameday.StandardOutput.ReadToEndAsync();
        var error = gameday.StandardError.ReadToEndAsync();
        try
        {
            var run = await JournalWatch.InjectedRunAsync(journal, gameday);
            Signals.Terminate(gameday.Id);
            await gameday.WaitForExitAsync().WaitAsync(ChaosCli.Patience);
            var stdout = await output;

            Assert.That(gameday.ExitCode, Is.EqualTo(130), $"{stdout}\n{await error}");
            Assert.That(stdout, Does.Contain("cancelled: reverting the faults in place").And.Contain("Summary (cancelled"));

            // Reverted at the signal, and the running experiment stopped there too: neither passed nor failed, but broken off.
            var reverted = stdout.IndexOf($"reverted the faults of ZoneLossDuringDeploymentRollout.The_rollout_completes_in_the_remaining_zones_and_the_fleet_recovers (run {run})", StringComparison.Ordinal);
            var verdict = stdout.IndexOf("BROKEN ZoneLossDuringDeploymentRollout", StringComparison.Ordinal);
            Assert.That(reverted, Is.GreaterThan(0), stdout);
            Assert.That(verdict, Is.GreaterThan(reverted), stdout);
            Assert.That(stdout, Does.Contain("The experiment was stopped and its faults were reverted: the game day was cancelled"));
            Assert.That(await JournalWatch.KindsAsync(journal, run), Does.Contain(JournalEntryKind.Reverted));
            Assert.That(await NodeMarks.ReadAsync(fleet, cluster), Is.EqualTo(before));
            Assert.That(File.Exists(Path.Combine(_chaos.Reports, "allure-report", "index.html")), Is.True, stdout);
            Assert.That(Directory.GetFiles(Path.Combine(_chaos.Reports, "allure-results"), "*-result.json"), Has.Length.EqualTo(1));
        }
        finally
        {
            if (!gameday.HasExited)
            {
                gameday.Kill(entireProcessTree: true);
            }
        }
    }
}
