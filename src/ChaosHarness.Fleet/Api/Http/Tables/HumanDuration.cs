using System.Globalization;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>Durations as kubectl prints ages: <c>45s</c>, <c>3m20s</c>, <c>25m</c>, <c>5h10m</c>, <c>3d4h</c>, <c>400d</c>, <c>2y10d</c>.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan span)
    {
        var seconds = (long)span.TotalSeconds;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return Invariant($"{seconds}s");

        var minutes = seconds / 60;
        if (minutes < 10) return seconds % 60 == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{seconds % 60}s");
        if (minutes < 180) return Invariant($"{minutes}m");

        var hours = minutes / 60;
        if (hours < 8) return minutes % 60 == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{minutes % 60}m");
        if (hours < 48) return Invariant($"{hours}h");

        var days = hours / 24;
        if (hours < 24 * 8) return hours % 24 == 0 ? Invariant($"{days}d") : Invariant($"{days}d{hours % 24}h");
        if (hours < 24 * 365 * 2) return Invariant($"{days}d");

        var years = days / 365;
        if (hours < 24 * 365 * 8) return days % 365 == 0 ? Invariant($"{years}y") : Invariant($"{years}y{days % 365}d");
        return Invariant($"{years}y");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
