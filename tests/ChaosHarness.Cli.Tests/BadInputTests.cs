using ChaosHarness.Cli.Tests.Support;

namespace ChaosHarness.Cli.Tests;

/// <summary>Input that cannot be used: a clear message on stderr, exit code 2, and nothing started or written.</summary>
public sealed class BadInputTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-bad-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [TestCase("gameday", "--no-such-option")]
    [TestCase("plan", "--no-such-option")]
    [TestCase("report", "--no-such-option")]
    [TestCase("revert", "--no-such-option")]
    [TestCase("fleet down", "--no-such-option")]
    public async Task An_unknown_option_is_named_and_exits_2(string command, string option)
    {
        var run = await _chaos.RunAsync([.. command.Split(' '), option]);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain(option));
        AssertNothingHappened(run);
    }

    [TestCase("gameday")]
    [TestCase("plan")]
    public async Task An_unknown_category_lists_the_known_ones_and_exits_2(string command)
    {
        var run = await _chaos.RunAsync(command, "--category", "NoSuchCategory");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("unknown category 'NoSuchCategory'").And.Contain("Smoke").And.Contain("nothing was run"));
        AssertNothingHappened(run);
    }

    [Test]
    public async Task A_filter_that_matches_no_experiment_exits_2()
    {
        var run = await _chaos.RunAsync("gameday", "--category", "Smoke", "--filter", "NoExperimentIsCalledThis");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("no experiment matches category Smoke and filter 'NoExperimentIsCalledThis'"));
        AssertNothingHappened(run);
    }

    [TestCase("gameday")]
    [TestCase("plan")]
    public async Task A_bad_fleet_file_is_named_with_its_line_and_exits_2(string command)
    {
        var fleetFile = Path.Combine(_workDir, "staging-fleet.yaml");
        await File.WriteAllTextAsync(fleetFile, "name: staging\nkubeconfig: kubeconfig\nclusters: not-a-list\n");

        var run = await _chaos.RunAsync(command, "--category", "Smoke", "--fleet", fleetFile);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("Fleet file staging-fleet.yaml line 3"));
        AssertNothingHappened(run);
    }

    [Test]
    public async Task A_missing_fleet_file_exits_2()
    {
        var run = await _chaos.RunAsync("gameday", "--category", "Smoke", "--fleet", Path.Combine(_workDir, "missing.yaml"));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("missing.yaml").And.Contain("cannot be read"));
        AssertNothingHappened(run);
    }

    [Test]
    public async Task Report_without_results_exits_2()
    {
        var run = await _chaos.RunAsync("report");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("no results in").And.Contain("chaos gameday"));
        AssertNothingHappened(run);
    }

    [Test]
    public async Task Fleet_down_where_no_fleet_was_started_exits_2()
    {
        var run = await _chaos.RunAsync("fleet", "down", "--state-dir", Path.Combine(_workDir, "nowhere"));

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("no fleet.json in"));
    }

    [Test]
    public async Task Revert_without_a_fleet_exits_2()
    {
        var run = await _chaos.RunAsync("revert");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.Contain("--fleet PATH or CHAOS_FLEET"));
        AssertNothingHappened(run);
    }

    /// <summary>No fleet was started and no report, result or journal was written.</summary>
    private void AssertNothingHappened(CliRun run)
    {
        Assert.That(run.Output, Does.Not.Contain("experiment(s) on"));
        Assert.That(_chaos.ReportFiles(), Is.Empty);
    }
}
