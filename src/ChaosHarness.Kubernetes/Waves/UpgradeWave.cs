namespace ChaosHarness.Kube.Waves;

/// <summary>One wave of a fleet upgrade: the clusters upgraded together before the health gate decides whether to go on.</summary>
public sealed record UpgradeWave(string Name, IReadOnlyList<string> Clusters)
{
    public override string ToString() => $"{Name} ({string.Join(", ", Clusters)})";
}
