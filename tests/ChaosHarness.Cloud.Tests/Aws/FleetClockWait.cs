namespace ChaosHarness.Cloud.Tests.Aws;

/// <summary>Waits for a condition nothing signals (a count kept by a fleet component), looking again every fleet second.</summary>
public static class FleetClockWait
{
    public static async Task UntilAsync(TimeProvider clock, Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = clock.GetUtcNow() + within;
        while (!condition())
        {
            if (clock.GetUtcNow() > deadline) Assert.Fail($"Not seen within {within.TotalSeconds:0} fleet s: {what}.");
            await Task.Delay(TimeSpan.FromSeconds(1), clock);
        }
    }
}
