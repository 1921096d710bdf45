using ChaosHarness.Cli.Tests.Support;
using k8s;

namespace ChaosHarness.Cli.Tests;

/// <summary><c>chaos plan</c> against a fleet whose API servers record every request they receive.</summary>
public sealed class PlanTests
{
    private string _workDir = "";
    private ChaosCli _chaos = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        _workDir = Directory.CreateTempSubdirectory("chaos-cli-plan-").FullName;
        _chaos = new ChaosCli(_workDir);
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(_workDir, recursive: true);

    [Test]
    public async Task Plan_prints_what_the_Smoke_experiment_would_do_and_no_mutating_request_reaches_the_fleet()
    {
        await using var fleet = await TestFleets.StartSmallAsync(Path.Combine(_workDir, "fleet"));
        await using var proxied = await ProxiedFleet.StartAsync(fleet, Path.Combine(_workDir, "proxied"));
        var cluster = fleet.Clusters[0].Name;
        var nodesBefore = await NodeMarks.ReadAsync(fleet, cluster);

        var plan = await _chaos.RunAsync("plan", "--category", "Smoke", "--filter", "ZoneLossDuringDeploymentRollout", "--fleet", proxied.FleetFile);

        Assert.That(plan.ExitCode, Is.Zero, plan.ToString());
        Assert.That(plan.Output, Does.Contain("dry run: reads only, nothing changes"));
        Assert.That(plan.Output, Does.Contain("[dry run] would create on Namespace smoke"), "the drive steps");
        Assert.That(plan.Output, Does.Contain("[dry run] would inject zone outage of").And.Contain("[dry run]   would"), "the fault and each of its changes");
        Assert.That(plan.Output, Does.Contain("[dry run] would expect Completes("), "the expectations");
        Assert.That(plan.Output, Does.Contain("ZoneLossDuringDeploymentRollout.The_rollout_completes_in_the_remaining_zones_and_the_fleet_recovers"));

        var requests = proxied.Requests;
        Assert.That(requests.Count(r => r.Method == "GET"), Is.GreaterThan(0), "the plan read nothing through the proxies: they were not in its path");
        Assert.That(requests.Where(r => r.Method is not ("GET" or "HEAD" or "OPTIONS")).Select(r => $"{r.Method} {r.Path}"), Is.Empty);

        Assert.That(await NodeMarks.ReadAsync(fleet, cluster), Is.EqualTo(nodesBefore));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(fleet.KubeconfigPath, currentContext: cluster));
        Assert.That((await client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name), Does.Not.Contain("smoke"));
        Assert.That(_chaos.ReportFiles().Where(f => f.StartsWith("journal", StringComparison.Ordinal) || f.StartsWith("allure-results", StringComparison.Ordinal)), Is.Empty,
            "the plan journalled a fault or replaced the last game day's results");
    }
}
