namespace ChaosHarness.Core.Clock;

public static class ClockExtensions
{
    /// <summary>Formats a fleet instant relative to a reference (the experiment's start) as "+mm:ss.f".</summary>
    public static string Relative(this DateTimeOffset at, DateTimeOffset origin)
    {
        var d = at - origin;
        var sign = d < TimeSpan.Zero ? "-" : "+";
        d = d.Duration();
        return $"{sign}{(int)d.TotalMinutes:00}:{d.Seconds:00}.{d.Milliseconds / 100}";
    }
}
