namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// What the embedded fleet's control API reports (<c>GET /state</c>, and after every change): the physical world (zones,
/// regions), whether each cluster's API server answers, the seeded defects and the image catalogue's entries.
/// </summary>
public sealed record FleetControlState
{
    /// <summary>Fleet time when the state was read.</summary>
    public DateTimeOffset FleetTime { get; init; }

    public IReadOnlyList<ZoneState> Zones { get; init; } = [];
    public IReadOnlyList<RegionState> Regions { get; init; } = [];
    public IReadOnlyList<ClusterApiState> Clusters { get; init; } = [];
    public IReadOnlyList<DefectState> Defects { get; init; } = [];
    public IReadOnlyList<ImageState> Images { get; init; } = [];
}
