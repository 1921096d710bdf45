namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// Seeded randomness for many threads at once without a lock: the n-th draw is a pure function of the seed and n
/// (SplitMix64), so one seed and one order of requests give one sequence of choices.
/// </summary>
public sealed class SeededStream(ulong seed)
{
    private long _draws;

    /// <summary>The dice for one request: several independent draws, all determined by this stream's next position.</summary>
    public Dice Next() => new(Mix(seed + (ulong)Interlocked.Increment(ref _draws) * 0x9E3779B97F4A7C15UL));

    /// <summary>A stream whose seed is derived from a fleet seed and a purpose, so that streams of one fleet differ.</summary>
    public static SeededStream For(int fleetSeed, string purpose)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in purpose) hash = (hash ^ c) * 1099511628211UL;
        return new SeededStream(Mix((ulong)(uint)fleetSeed ^ hash));
    }

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
