namespace ChaosHarness.Core.Faults.Embedded;

/// <summary>The undo kinds of the embedded fleet's physical faults, as journaled.</summary>
public static class EmbeddedUndoKinds
{
    /// <summary>Data: <c>zone</c>. Undo: the zone's power back on.</summary>
    public const string ZonePowerLoss = "embedded-fleet/zone-power-loss";

    /// <summary>Data: <c>region</c>. Undo: the region back (its API servers answer, its workloads serve).</summary>
    public const string RegionOutage = "embedded-fleet/region-outage";
}
