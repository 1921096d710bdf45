namespace ChaosHarness.Core.Fleets;

/// <summary>One cluster of the fleet, reached through a kubeconfig context.</summary>
public sealed record ClusterTarget(
    string Name,
    string Region,
    IReadOnlyList<string> Zones,
    string Context,
    ClusterProvider Provider,
    Uri? ApiUrl = null,
    CloudAccount? Account = null)
{
    public bool HasZone(string zone) => Zones.Contains(zone, StringComparer.Ordinal);

    public override string ToString() => Name;
}
