using System.Runtime.InteropServices;
using System.Text;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// Deduplicates the short strings every object repeats ("default", "True", "kubelet", label keys): a fixed table of recent
/// strings by hash, so memory stays bounded and rare strings simply fall out. Lock-free; a race only costs a duplicate.
/// </summary>
public static class StringPool
{
    private const int MaxLength = 128;
    private static readonly string?[] Slots = new string?[1 << 16];

    public static string Intern(string value)
    {
        if (value.Length > MaxLength) return value;
        var slot = (int)((uint)string.GetHashCode(value, StringComparison.Ordinal) & (Slots.Length - 1));
        var found = Volatile.Read(ref Slots[slot]);
        if (found is not null && string.Equals(found, value, StringComparison.Ordinal)) return found;
        Volatile.Write(ref Slots[slot], value);
        return value;
    }

    /// <summary>The pooled string for ASCII text given as UTF-8, allocating only when it is not pooled.</summary>
    public static string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8)) return Encoding.UTF8.GetString(utf8);
        var slot = (int)((uint)HashOf(utf8) & (Slots.Length - 1));
        var found = Volatile.Read(ref Slots[slot]);
        if (found is not null && Ascii.Equals(utf8, found)) return found;
        var value = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref Slots[slot], value);
        return value;
    }

    /// <summary>The same hash <see cref="string.GetHashCode(string, StringComparison)"/> gives the string, so both entries meet.</summary>
    private static int HashOf(ReadOnlySpan<byte> ascii)
    {
        Span<char> chars = stackalloc char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++) chars[i] = (char)ascii[i];
        return string.GetHashCode(chars, StringComparison.Ordinal);
    }
}
