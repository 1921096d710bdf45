namespace ChaosHarness.Core.Fleets;

/// <summary>An availability zone, as named by the <c>topology.kubernetes.io/zone</c> label of its nodes.</summary>
public sealed record Zone(string Name, string Region)
{
    public override string ToString() => Name;
}
