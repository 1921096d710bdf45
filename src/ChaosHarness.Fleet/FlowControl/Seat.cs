using ChaosHarness.Fleet.Api;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// An admitted request's seat in its priority level. Releasing it (or disposing it) ends the request for flow control:
/// the seat stays taken until the request's minimum service time (<see cref="SeatHold"/>) has passed on the fleet clock.
/// While a seat is entered (<see cref="FlowController.Enter"/>), calls of the same caller on the same cluster are part
/// of this request and are not admitted again.
/// </summary>
public sealed class Seat : IDisposable
{
    private int _released;

    internal Seat(FlowController controller, FlowClassification classification, ApiCaller caller, SeatKind kind,
        DateTimeOffset admittedAt, DateTimeOffset startsAt, TimeSpan hold)
    {
        Controller = controller;
        Classification = classification;
        Caller = caller;
        Kind = kind;
        AdmittedAt = admittedAt;
        StartsAt = startsAt;
        Hold = hold;
    }

    public FlowClassification Classification { get; }
    public ApiCaller Caller { get; }

    /// <summary>When the request gets its seat: now, or later for a request that waits in its level's queue.</summary>
    public DateTimeOffset StartsAt { get; }

    internal FlowController Controller { get; }
    internal SeatKind Kind { get; }
    internal DateTimeOffset AdmittedAt { get; }
    internal TimeSpan Hold { get; }

    /// <summary>Gives the seat back (the request's work is done); the request stays entered until disposed.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) Controller.Release(this);
    }

    public void Dispose()
    {
        Release();
        FlowController.Leave(this);
    }
}
