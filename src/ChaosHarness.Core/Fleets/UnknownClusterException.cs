namespace ChaosHarness.Core.Fleets;

public sealed class UnknownClusterException(string cluster, IEnumerable<string> known)
    : Exception($"The fleet has no cluster '{cluster}'. Known clusters: {string.Join(", ", known)}.")
{
    public string Cluster { get; } = cluster;
}
