using System.Globalization;
using System.Text.RegularExpressions;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// Durations as Argo reads them: a number of seconds, or Go duration text (<c>"30s"</c>, <c>"10m"</c>, <c>"1h30m"</c>,
/// <c>"500ms"</c>); a bare number in text is seconds.
/// </summary>
public static partial class ArgoDuration
{
    public static TimeSpan? Parse(IntOrText? value) => value switch
    {
        null => null,
        { Number: { } seconds } => TimeSpan.FromSeconds(seconds),
        { Text: { } text } => Parse(text),
        _ => null,
    };

    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare)) return TimeSpan.FromSeconds(bare);
        var parts = GoDuration().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length) return null;
        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["unit"].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                "us" or "µs" => TimeSpan.FromMicroseconds(amount),
                _ => TimeSpan.FromTicks((long)(amount / 100)),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(?<amount>\d+(\.\d+)?)(?<unit>h|ms|m|s|us|µs|ns)")]
    private static partial Regex GoDuration();
}
