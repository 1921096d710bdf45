namespace ChaosHarness.Core.Fleets.Control;

/// <summary>One region: dark (lost) or reachable, with its zones.</summary>
public sealed record RegionState(string Name, IReadOnlyList<string> Zones, bool Dark);
