namespace ChaosHarness.Core.Faults;

/// <summary>
/// Where a fault lands: a cluster and, as applicable, a namespace, zones or a region — or a whole region with no one
/// cluster (<see cref="OfRegion"/>: <see cref="Cluster"/> is null and <see cref="Region"/> names it).
/// </summary>
public sealed record FaultTarget(string? Cluster, string? Namespace = null, IReadOnlyList<string>? Zones = null, string? Region = null)
{
    /// <summary>Every cluster and zone of <paramref name="region"/>.</summary>
    public static FaultTarget OfRegion(string region) => new(null, Region: region);

    public bool IsWholeRegion => Cluster is null;

    /// <summary>Where the fault shows on a timeline: its cluster, or its region.</summary>
    public string Source => Cluster ?? $"region {Region}";

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cluster is not null)
        {
            parts.Add($"cluster {Cluster}");
        }

        if (Region is not null)
        {
            parts.Add($"region {Region}");
        }

        if (Zones is { Count: > 0 })
        {
            parts.Add($"zone {string.Join(", ", Zones)}");
        }

        if (Namespace is not null)
        {
            parts.Add($"namespace {Namespace}");
        }

        return string.Join(", ", parts);
    }
}
