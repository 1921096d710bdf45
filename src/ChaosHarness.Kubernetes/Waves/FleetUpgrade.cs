using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Kube.Waves;

/// <summary>
/// The wave driver: upgrades a fleet wave by wave (canary cluster first, then region by region), with a health gate
/// between waves. A wave whose gate fails halts the pipeline before the next cluster and rolls back what the wave
/// upgraded (and, if asked, the earlier waves), newest first. It is the reference pipeline on the embedded fleet; on a
/// real fleet the <see cref="IClusterUpgrade"/> is the adapter to a team's own CD.
/// </summary>
public sealed class FleetUpgrade(IClusterUpgrade upgrade, WavePlan plan, Timeline timeline, FleetUpgradeOptions? options = null)
{
    private const string Source = "waves";

    public FleetUpgradeOptions Options { get; } = options ?? new FleetUpgradeOptions();

    public string Name => $"fleet upgrade {upgrade.Name} in waves {plan}";

    public async Task<FleetUpgradeResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = plan.Waves.SelectMany(w => w.Clusters.Select(c => new ClusterUpgradeOutcome(c, w.Name, ClusterUpgradeState.NotTouched, "not reached"))).ToList();
        var upgraded = new List<(UpgradeWave Wave, string Cluster)>();
        foreach (var wave in plan.Waves)
        {
            timeline.Record(TimelineEventKind.Action, Source, wave.Name, $"wave starts: {upgrade.Name} in {string.Join(", ", wave.Clusters)}");
            foreach (var cluster in wave.Clusters)
            {
                await upgrade.ApplyAsync(cluster, cancellationToken).ConfigureAwait(false);
                upgraded.Add((wave, cluster));
                Set(outcomes, cluster, ClusterUpgradeState.Upgraded, "applied");
            }

            foreach (var cluster in wave.Clusters)
            {
                var verdict = await GateAsync(cluster, cancellationToken).ConfigureAwait(false);
                if (!verdict.Healthy)
                {
                    var reason = $"{cluster} failed the gate: {verdict.Seen}";
                    timeline.Record(TimelineEventKind.Action, Source, wave.Name, $"wave halted: {reason}");
                    await RollBackAsync(upgraded.Where(u => Options.RollBackEarlierWaves || u.Wave == wave).Select(u => u.Cluster).Reverse().ToList(), outcomes, cancellationToken).ConfigureAwait(false);
                    return new FleetUpgradeResult(upgrade.Name, outcomes, wave.Name, reason);
                }

                Set(outcomes, cluster, ClusterUpgradeState.Upgraded, verdict.Seen);
            }

            timeline.Record(TimelineEventKind.Action, Source, wave.Name, "wave healthy");
        }

        return new FleetUpgradeResult(upgrade.Name, outcomes, null, null);
    }

    private async Task<GateVerdict> GateAsync(string cluster, CancellationToken cancellationToken)
    {
        var verdict = await upgrade.VerifyAsync(cluster, Options.GateWithin, cancellationToken).ConfigureAwait(false);
        if (verdict.Healthy && Options.Gate is { } gate)
        {
            var extra = await gate.CheckAsync(cluster, cancellationToken).ConfigureAwait(false);
            verdict = extra.Healthy ? verdict with { Seen = $"{verdict.Seen}; {gate.Name}: {extra.Seen}" } : extra with { Seen = $"{gate.Name}: {extra.Seen}" };
        }

        timeline.Record(TimelineEventKind.Action, Source, cluster, $"gate {(verdict.Healthy ? "passed" : "failed")}: {verdict.Seen}");
        return verdict;
    }

    private async Task RollBackAsync(IReadOnlyList<string> clusters, List<ClusterUpgradeOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var cluster in clusters)
        {
            timeline.Record(TimelineEventKind.Action, Source, cluster, $"rolling back {upgrade.Name}");
            await upgrade.RollBackAsync(cluster, cancellationToken).ConfigureAwait(false);
            var health = await upgrade.VerifyAsync(cluster, Options.RollBackWithin, cancellationToken).ConfigureAwait(false);
            Set(outcomes, cluster, ClusterUpgradeState.RolledBack, $"previous version {(health.Healthy ? "healthy again" : "not healthy yet")}: {health.Seen}");
        }
    }

    private static void Set(List<ClusterUpgradeOutcome> outcomes, string cluster, ClusterUpgradeState state, string seen)
    {
        var index = outcomes.FindIndex(o => o.Cluster == cluster);
        outcomes[index] = outcomes[index] with { State = state, Seen = seen };
    }
}
