using System.Globalization;

namespace ChaosHarness.Core;

internal static class Formatting
{
    /// <summary>"12.5%" — a ratio as a percentage, the same on every machine.</summary>
    public static string Percent(this double ratio, int decimals = 1)
        => (ratio * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";
}
