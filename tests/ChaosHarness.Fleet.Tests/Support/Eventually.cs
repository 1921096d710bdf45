namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>Waits for a condition with a deadline, re-checking on a short backoff instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        var delay = TimeSpan.FromMilliseconds(10);
        T last;
        while (true)
        {
            last = await probe();
            if (condition(last)) return last;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met in time: {what ?? "condition"}; last value: {last}");
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }
}
