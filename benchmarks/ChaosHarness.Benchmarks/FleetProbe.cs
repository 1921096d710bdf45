using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Benchmarks;

/// <summary>Reads a simulated cluster's store directly, to wait for states without disturbing what is measured.</summary>
internal static class FleetProbe
{
    public static int Count(SimulatedCluster cluster, ResourceType type, Func<StoredObject, bool> where) =>
        cluster.Store.List(type, null, where).Items.Count;

    public static bool IsPodReady(StoredObject pod) => HasCondition(pod, "Ready", "True");

    public static bool IsNodeReady(StoredObject node) => HasCondition(node, "Ready", "True");

    public static bool HasCondition(StoredObject obj, string type, string status)
    {
        var conditions = obj.ToJsonObject()["status"]?["conditions"]?.AsArray();
        return conditions?.Any(c => (string?)c?["type"] == type && (string?)c?["status"] == status) == true;
    }

    /// <summary>Waits, in wall time, until <paramref name="condition"/> holds; checks every <paramref name="every"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<bool> condition, TimeSpan within, TimeSpan every, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(every);
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > within) throw new TimeoutException($"not reached within {within}");
            await timer.WaitForNextTickAsync(cancellationToken);
        }

        return TimeProvider.System.GetElapsedTime(started);
    }
}
