using k8s.Models;

namespace ChaosHarness.Fleet.Client;

/// <summary>What controllers read off a pod, worded as Kubernetes' own pod helpers word it.</summary>
public static class PodFacts
{
    public static bool IsReady(V1Pod pod) => ConditionIsTrue(pod, "Ready");

    public static bool IsScheduled(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    public static bool IsTerminating(V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Counts toward a controller's replicas: not finished and not on its way out.</summary>
    public static bool IsActive(V1Pod pod) => !IsTerminal(pod) && !IsTerminating(pod);

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True") return false;
        if (minReadySeconds <= 0) return true;
        return ready.LastTransitionTime is { } since && new DateTimeOffset(since, TimeSpan.Zero).AddSeconds(minReadySeconds) <= now;
    }

    public static V1PodCondition? ReadyCondition(V1Pod pod) => Condition(pod, "Ready");

    public static V1PodCondition? Condition(V1Pod pod, string type) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static bool ConditionIsTrue(V1Pod pod, string type) => Condition(pod, type)?.Status == "True";
}
