namespace ChaosHarness.Core.Observation;

public static class ResourceVersions
{
    /// <summary>
    /// True if <paramref name="seen"/> is <paramref name="written"/> or later. Resource versions are opaque strings; every
    /// API server we know uses increasing integers, and for anything else only equality is trusted.
    /// </summary>
    public static bool IsAtLeast(string? seen, string written)
        => seen is not null && (seen == written || (long.TryParse(seen, out var s) && long.TryParse(written, out var w) && s >= w));
}
