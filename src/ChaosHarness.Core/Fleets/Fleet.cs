using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Guardrails;

namespace ChaosHarness.Core.Fleets;

/// <summary>
/// The clusters a run may touch, where they are, and the limits that apply to them.
/// Experiments see only this: whether it is the embedded fleet or real clusters is a detail of how it was loaded.
/// </summary>
public sealed class Fleet
{
    public Fleet(
        string name,
        FleetKind kind,
        IReadOnlyList<ClusterTarget> clusters,
        AllowList allowList,
        BlastRadiusLimits blastRadius,
        string? kubeconfigPath = null,
        double speed = 1,
        DateTimeOffset? startedAt = null,
        Uri? controlUrl = null,
        Uri? trafficUrl = null,
        string? sourcePath = null,
        TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (clusters.Count == 0)
        {
            throw new ArgumentException("A fleet needs at least one cluster.", nameof(clusters));
        }

        var duplicate = clusters.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Cluster '{duplicate.Key}' appears more than once.", nameof(clusters));
        }

        Name = name;
        Kind = kind;
        Clusters = clusters;
        AllowList = allowList;
        BlastRadius = blastRadius;
        KubeconfigPath = kubeconfigPath;
        Speed = clock is AcceleratedTimeProvider accelerated ? accelerated.Factor : speed;
        StartedAt = startedAt;
        ControlUrl = controlUrl;
        TrafficUrl = trafficUrl;
        SourcePath = sourcePath;
        Clock = clock ?? (speed == 1 ? TimeProvider.System : new AcceleratedTimeProvider(speed));
        Regions = clusters
            .GroupBy(c => c.Region, StringComparer.Ordinal)
            .Select(g => new Region(
                g.Key,
                g.SelectMany(c => c.Zones).Distinct(StringComparer.Ordinal).Select(z => new Zone(z, g.Key)).ToList(),
                g.ToList()))
            .ToList();
    }

    public string Name { get; }

    public FleetKind Kind { get; }

    public IReadOnlyList<ClusterTarget> Clusters { get; }

    public IReadOnlyList<Region> Regions { get; }

    public AllowList AllowList { get; }

    public BlastRadiusLimits BlastRadius { get; }

    /// <summary>Absolute path of the kubeconfig holding the clusters' contexts; null means the user's default kubeconfig.</summary>
    public string? KubeconfigPath { get; }

    /// <summary>Fleet seconds per wall second (1 for real clusters).</summary>
    public double Speed { get; }

    public DateTimeOffset? StartedAt { get; }

    public Uri? ControlUrl { get; }

    public Uri? TrafficUrl { get; }

    /// <summary>The fleet file or fleet.json this fleet was read from, if any.</summary>
    public string? SourcePath { get; }

    /// <summary>The harness clock: runs at the fleet's speed. All deadlines and timestamps go through it.</summary>
    public TimeProvider Clock { get; }

    public ClusterTarget Cluster(string name)
        => Clusters.FirstOrDefault(c => c.Name == name)
           ?? throw new UnknownClusterException(name, Clusters.Select(c => c.Name));

    public ClusterTarget ClusterForContext(string context)
        => Clusters.FirstOrDefault(c => c.Context == context)
           ?? throw new GuardrailViolationException(
               $"Context '{context}' is not part of fleet '{Name}': only {string.Join(", ", Clusters.Select(c => c.Context))} may be touched.");

    public Region Region(string name)
        => Regions.FirstOrDefault(r => r.Name == name)
           ?? throw new ArgumentException($"Fleet '{Name}' has no region '{name}'. Regions: {string.Join(", ", Regions.Select(r => r.Name))}.", nameof(name));

    /// <summary>The same fleet, on another clock (a test's fake clock, or a clock calibrated against the fleet).</summary>
    public Fleet WithClock(TimeProvider clock)
        => new(Name, Kind, Clusters, AllowList, BlastRadius, KubeconfigPath, Speed, StartedAt, ControlUrl, TrafficUrl, SourcePath, clock);

    public override string ToString() => $"{Kind} fleet '{Name}' ({Clusters.Count} clusters in {Regions.Count} regions)";
}
