using ChaosHarness.Cli.Tests.Support;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cli.Tests;

/// <summary>
/// A game day killed with SIGKILL while its fault is in place leaves the fleet changed and the journal open;
/// <c>chaos revert</c> then restores exactly what it changed.
/// </summary>
public sealed class RevertAfterKillTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-revert-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public async Task Revert_after_kill_9_of_gameday_restores_the_nodes_and_marks_the_fault_reverted()
    {
        // The fleet lives in this process, so that killing the game day does not take it along.
        await using var fleet = await TestFleets.StartSmallAsync(Path.Combine(_workDir, "fleet"), speed: 20);
        await TestFleets.HoldTheSmokeRolloutAsync(fleet);
        var cluster = fleet.Clusters[0].Name;
        var before = await NodeMarks.ReadAsync(fleet, cluster);
        var journal = new JournalDirectory(Path.Combine(_chaos.Reports, "journal"));

        using var gameday = _chaos.Start("gameday", "--category", "Smoke", "--filter", "ZoneLossDuringDeploymentRollout", "--fleet", fleet.FleetFilePath);
        var output = gameday.StandardOutput.ReadToEndAsync();
        RunId run;
        try
        {
            run = await JournalWatch.InjectedRunAsync(journal, gameday);
        }
        finally
        {
            gameday.Kill(entireProcessTree: true);
            await gameday.WaitForExitAsync();
        }

        Assert.That(gameday.ExitCode, Is.EqualTo(137), "killed by SIGKILL");
        Assert.That(await JournalWatch.KindsAsync(journal, run), Does.Contain(JournalEntryKind.Injected).And.No.Contains(JournalEntryKind.Reverted));
        var during = await NodeMarks.ReadAsync(fleet, cluster);
        Assert.That(during, Is.Not.EqualTo(before), $"the zone outage was not in place after the kill:\n{await output}");

        var revert = await _chaos.RunAsync("revert", "--fleet", fleet.FleetFilePath);

        Assert.That(revert.ExitCode, Is.Zero, revert.ToString());
        Assert.That(revert.Output, Does.Contain("reverted").And.Contain(run.Value));
        Assert.That(await NodeMarks.ReadAsync(fleet, cluster), Is.EqualTo(before));
        Assert.That(await JournalWatch.KindsAsync(journal, run), Does.Contain(JournalEntryKind.Reverted));

        var again = await _chaos.RunAsync("revert", "--fleet", fleet.FleetFilePath);
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.Output, Does.Contain("Nothing to revert"));
    }
}
