namespace ChaosHarness.Fleet.Client;

/// <summary>Instants read off the fleet clock, shaped as Kubernetes stores them.</summary>
public static class FleetClock
{
    /// <summary>Now, to the whole second, as metav1.Time fields carry it.</summary>
    public static DateTime Now(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    /// <summary>Now, to the microsecond, as metav1.MicroTime fields (lease renewals, event times) carry it.</summary>
    public static DateTime NowMicro(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
    }

    public static DateTimeOffset AsInstant(this DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero);
}
