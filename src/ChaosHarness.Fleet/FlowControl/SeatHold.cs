namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// How long a request holds its seat at least, in fleet time. In-process calls finish in microseconds, so a seat held
/// only while the call runs would never be short; a real API server spends milliseconds on each request (a read from
/// its cache, a write through etcd). A request holds its seat for the longer of its real duration and this time.
/// </summary>
internal static class SeatHold
{
    public static readonly TimeSpan Read = TimeSpan.FromMilliseconds(10);

    public static readonly TimeSpan Write = TimeSpan.FromMilliseconds(20);

    public static TimeSpan For(RequestAttributes request) => request.IsReadOnly ? Read : Write;
}
