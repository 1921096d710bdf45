using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>
/// Waits on simulated clusters' stores: a condition is checked again at every committed write (and every fleet second,
/// for conditions on time), never by sleeping, and always against a fleet-time deadline with a wall-time backstop.
/// </summary>
internal static class StoreWait
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    /// <summary>The probe's first value, or null when <paramref name="fleetTimeout"/> (or <paramref name="wallTimeout"/>) passed first.</summary>
    public static async Task<T?> UntilAsync<T>(IReadOnlyList<ObjectStore> stores, TimeProvider clock, Func<T?> probe, TimeSpan fleetTimeout, TimeSpan wallTimeout)
        where T : class
    {
        var deadline = clock.GetUtcNow() + fleetTimeout;
        var wallDeadline = TimeProvider.System.GetUtcNow() + wallTimeout;
        while (true)
        {
            var changed = NextChangeAsync(stores);
            if (probe() is { } value) return value;
            if (clock.GetUtcNow() > deadline || TimeProvider.System.GetUtcNow() > wallDeadline) return null;
            await Task.WhenAny(changed, Task.Delay(Recheck, clock)).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="condition"/> held at every change for <paramref name="fleetTime"/>.</summary>
    public static async Task<bool> HoldsAsync(IReadOnlyList<ObjectStore> stores, TimeProvider clock, Func<bool> condition, TimeSpan fleetTime)
    {
        var until = clock.GetUtcNow() + fleetTime;
        while (clock.GetUtcNow() < until)
        {
            var changed = NextChangeAsync(stores);
            if (!condition()) return false;
            var left = until - clock.GetUtcNow();
            if (left <= TimeSpan.Zero) break;
            await Task.WhenAny(changed, Task.Delay(left < Recheck ? left : Recheck, clock)).ConfigureAwait(false);
        }

        return condition();
    }

    private static Task NextChangeAsync(IReadOnlyList<ObjectStore> stores)
        => stores.Count == 1 ? stores[0].NextCommitAsync() : Task.WhenAny(stores.Select(s => s.NextCommitAsync()));
}
