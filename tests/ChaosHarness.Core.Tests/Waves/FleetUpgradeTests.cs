using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Waves;

namespace ChaosHarness.Core.Tests.Waves;

/// <summary>The wave driver's order, gates and rollbacks, against a recording upgrade (no cluster).</summary>
public class FleetUpgradeTests
{
    private static readonly Core.Fleets.Fleet Fleet = new(
        "waves",
        FleetKind.Real,
        [
            new ClusterTarget("eu-west-1", "eu-west", ["eu-west-1a"], "eu-west-1", ClusterProvider.Kubernetes, new Uri("http://eu1.test")),
            new ClusterTarget("eu-west-2", "eu-west", ["eu-west-2a"], "eu-west-2", ClusterProvider.Kubernetes, new Uri("http://eu2.test")),
            new ClusterTarget("us-east-1", "us-east", ["us-east-1a"], "us-east-1", ClusterProvider.Kubernetes, new Uri("http://us1.test")),
            new ClusterTarget("us-east-2", "us-east", ["us-east-2a"], "us-east-2", ClusterProvider.Kubernetes, new Uri("http://us2.test")),
        ],
        AllowList.Everything,
        BlastRadiusLimits.Default,
        clock: TimeProvider.System);

    private sealed class RecordingUpgrade(params string[] unhealthy) : IClusterUpgrade
    {
        public List<string> Calls { get; } = [];

        public string Name => "controller to v2";

        public Task ApplyAsync(string cluster, CancellationToken cancellationToken)
        {
            Calls.Add($"apply {cluster}");
            return Task.CompletedTask;
        }

        public Task<GateVerdict> VerifyAsync(string cluster, TimeSpan within, CancellationToken cancellationToken)
        {
            Calls.Add($"verify {cluster}");
            var rolledBack = Calls.Contains($"roll back {cluster}");
            return Task.FromResult(unhealthy.Contains(cluster) && !rolledBack ? GateVerdict.Fail("0/1 available") : GateVerdict.Pass("1/1 available"));
        }

        public Task RollBackAsync(string cluster, CancellationToken cancellationToken)
        {
            Calls.Add($"roll back {cluster}");
            return Task.CompletedTask;
        }
    }

    private sealed class Gate(string failing) : IUpgradeGate
    {
        public string Name => "checkout success rate ≥ 99 %";

        public Task<GateVerdict> CheckAsync(string cluster, CancellationToken cancellationToken)
            => Task.FromResult(cluster == failing ? GateVerdict.Fail("97.2 %") : GateVerdict.Pass("99.9 %"));
    }

    private static FleetUpgrade Driver(IClusterUpgrade upgrade, FleetUpgradeOptions? options = null)
        => new(upgrade, WavePlan.CanaryThenRegions(Fleet, "eu-west-2"), new Timeline(TimeProvider.System), options);

    [Test]
    public void The_plan_is_the_canary_cluster_then_its_region_then_the_other_regions()
    {
        var plan = WavePlan.CanaryThenRegions(Fleet, "us-east-2");

        Assert.That(plan.Waves.Select(w => (w.Name, string.Join(",", w.Clusters))), Is.EqualTo(new[]
        {
            ("canary us-east-2", "us-east-2"), ("region us-east", "us-east-1"), ("region eu-west", "eu-west-1,eu-west-2"),
        }));
        Assert.That(plan.Clusters, Is.EquivalentTo(Fleet.Clusters.Select(c => c.Name)));
        Assert.Throws<UnknownClusterException>(() => WavePlan.CanaryThenRegions(Fleet, "nowhere-1"));
    }

    [Test]
    public async Task A_healthy_upgrade_is_applied_and_gated_wave_by_wave()
    {
        var upgrade = new RecordingUpgrade();

        var result = await Driver(upgrade).RunAsync();

        Assert.That(result.Completed, Is.True);
        Assert.That(upgrade.Calls, Is.EqualTo(new[]
        {
            "apply eu-west-2", "verify eu-west-2",
            "apply eu-west-1", "verify eu-west-1",
            "apply us-east-1", "apply us-east-2", "verify us-east-1", "verify us-east-2",
        }));
    }

    [Test]
    public async Task A_failed_gate_halts_before_the_next_wave_and_rolls_back_only_that_wave()
    {
        var upgrade = new RecordingUpgrade("eu-west-1");

        var result = await Driver(upgrade).RunAsync();

        Assert.That(result.HaltedAt, Is.EqualTo("region eu-west"));
        Assert.That(result.HaltReason, Is.EqualTo("eu-west-1 failed the gate: 0/1 available"));
        Assert.That(upgrade.Calls, Does.Not.Contain("apply us-east-1").And.Not.Contain("apply us-east-2"));
        Assert.That(upgrade.Calls.Where(c => c.StartsWith("roll back", StringComparison.Ordinal)), Is.EqualTo(new[] { "roll back eu-west-1" }));
        Assert.That(result.In(ClusterUpgradeState.Upgraded), Is.EqualTo(new[] { "eu-west-2" }));
        Assert.That(result.In(ClusterUpgradeState.RolledBack), Is.EqualTo(new[] { "eu-west-1" }));
        Assert.That(result.In(ClusterUpgradeState.NotTouched), Is.EqualTo(new[] { "us-east-1", "us-east-2" }));
        Assert.That(result.Clusters.Single(c => c.Cluster == "eu-west-1").Seen, Does.StartWith("previous version healthy again"));
    }

    [Test]
    public async Task The_user_gate_is_asked_after_the_upgrades_own_health_and_can_halt_it_rolling_back_earlier_waves_when_asked()
    {
        var upgrade = new RecordingUpgrade();

        var result = await Driver(upgrade, new FleetUpgradeOptions { Gate = new Gate("us-east-2"), RollBackEarlierWaves = true }).RunAsync();

        Assert.That(result.HaltReason, Is.EqualTo("us-east-2 failed the gate: checkout success rate ≥ 99 %: 97.2 %"));
        Assert.That(upgrade.Calls.Where(c => c.StartsWith("roll back", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "roll back us-east-2", "roll back us-east-1", "roll back eu-west-1", "roll back eu-west-2" }), "newest first");
        Assert.That(result.In(ClusterUpgradeState.RolledBack), Is.EquivalentTo(Fleet.Clusters.Select(c => c.Name)));
    }
}
