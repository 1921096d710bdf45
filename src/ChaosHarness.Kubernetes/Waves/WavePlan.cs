using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Kube.Waves;

/// <summary>The order in which a fleet is upgraded: waves, each gated before the next starts.</summary>
public sealed record WavePlan(IReadOnlyList<UpgradeWave> Waves)
{
    /// <summary>
    /// A canary cluster first, then region by region — the canary's region first, then the fleet's regions in order —
    /// as GKE rollout sequencing or an ApplicationSet's RollingSync would stage it.
    /// </summary>
    public static WavePlan CanaryThenRegions(Fleet fleet, string canaryCluster)
    {
        var canary = fleet.Cluster(canaryCluster);
        var waves = new List<UpgradeWave> { new($"canary {canary.Name}", [canary.Name]) };
        var regions = fleet.Clusters.Select(c => c.Region).Distinct().OrderBy(r => r == canary.Region ? 0 : 1).ToList();
        foreach (var region in regions)
        {
            var clusters = fleet.Clusters.Where(c => c.Region == region && c.Name != canary.Name).Select(c => c.Name).ToList();
            if (clusters.Count > 0)
            {
                waves.Add(new UpgradeWave($"region {region}", clusters));
            }
        }

        return new WavePlan(waves);
    }

    public IEnumerable<string> Clusters => Waves.SelectMany(w => w.Clusters);

    public override string ToString() => string.Join(" → ", Waves);
}
