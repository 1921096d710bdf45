namespace ChaosHarness.Core.Fleets.Control;

/// <summary>One zone: whether its machines have power and whether its network reaches the rest of the fleet.</summary>
public sealed record ZoneState(string Name, string Region, IReadOnlyList<string> Clusters, bool Powered, bool Partitioned);
