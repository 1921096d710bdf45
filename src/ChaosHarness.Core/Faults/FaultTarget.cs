namespace ChaosHarness.Core.Faults;

/// <summary>Where a fault lands: a cluster and, as applicable, a namespace, zones or a region.</summary>
public sealed record FaultTarget(string Cluster, string? Namespace = null, IReadOnlyList<string>? Zones = null, string? Region = null)
{
    public override string ToString()
    {
        var parts = new List<string> { $"cluster {Cluster}" };
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
