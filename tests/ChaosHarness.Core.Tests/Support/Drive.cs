using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>Waits for work that runs on a fake clock or on background threads, always with a bound.</summary>
internal static class Drive
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(20);

    /// <summary>Advances the fake clock by <paramref name="step"/> whenever the task has not finished promptly, until it finishes or <paramref name="limit"/> of fake time has passed.</summary>
    public static async Task<T> UntilDoneAsync<T>(FakeTimeProvider clock, Task<T> task, TimeSpan step, TimeSpan limit)
    {
        await UntilDoneAsync(clock, (Task)task, step, limit);
        return await task;
    }

    public static async Task UntilDoneAsync(FakeTimeProvider clock, Task task, TimeSpan step, TimeSpan limit)
    {
        var end = clock.GetUtcNow() + limit;
        while (!task.IsCompleted)
        {
            try
            {
                await task.WaitAsync(Patience);
                return;
            }
            catch (TimeoutException)
            {
            }

            if (clock.GetUtcNow() >= end)
            {
                Assert.Fail($"Still not done after {limit} of fake time.");
            }

            clock.Advance(step);
        }

        await task;
    }

    /// <summary>Waits (wall time, bounded) until the condition holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (!condition())
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
        }
    }
}
