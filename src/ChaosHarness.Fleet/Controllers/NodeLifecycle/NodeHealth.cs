namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>
/// What the lifecycle controller remembers of a node between passes: when it last saw a sign of life (a new heartbeat in
/// the node's Ready condition, or a newer Lease renewal), on its own clock.
/// </summary>
internal sealed class NodeHealth
{
    public DateTimeOffset ProbeTimestamp { get; set; }
    public DateTimeOffset ReadyTransitionTimestamp { get; set; }
    public DateTime? SavedHeartbeat { get; set; }
    public DateTime? SavedTransition { get; set; }
    public bool SavedHasReady { get; set; }
    public DateTime? SavedLeaseRenewal { get; set; }
}
