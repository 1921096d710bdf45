namespace ChaosHarness.Fleet.FlowControl;

/// <summary>Where an admitted request's seat comes from.</summary>
internal enum SeatKind
{
    /// <summary>An exempt priority level: no seat is counted.</summary>
    Exempt,

    /// <summary>One of the level's guaranteed seats.</summary>
    Own,

    /// <summary>A seat of the lending pool.</summary>
    Borrowed,

    /// <summary>A place in the level's queues: the seat is booked from when the next one frees, for the request's service time.</summary>
    Queued,
}
