using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>The Deployment controller's counting: surge and unavailability budgets, and how far the new ReplicaSet may grow.</summary>
internal static class RolloutArithmetic
{
    public static int Replicas(V1Deployment d) => d.Spec?.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet rs) => rs.Spec?.Replicas ?? 0;

    public static bool IsRollingUpdate(V1Deployment d) => (d.Spec?.Strategy?.Type ?? "RollingUpdate") == "RollingUpdate";

    /// <summary>maxSurge rounded up and maxUnavailable rounded down, at least one of them non-zero (ResolveFenceposts).</summary>
    public static (int Surge, int Unavailable) Fenceposts(V1Deployment d)
    {
        var desired = Replicas(d);
        var rolling = d.Spec?.Strategy?.RollingUpdate;
        var surge = Scaled(rolling?.MaxSurge, desired, roundUp: true, fallback: "25%");
        var unavailable = Scaled(rolling?.MaxUnavailable, desired, roundUp: false, fallback: "25%");
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    public static int MaxSurge(V1Deployment d) => IsRollingUpdate(d) ? Fenceposts(d).Surge : 0;

    public static int MaxUnavailable(V1Deployment d)
    {
        var desired = Replicas(d);
        if (!IsRollingUpdate(d) || desired == 0) return 0;
        return Math.Min(Fenceposts(d).Unavailable, desired);
    }

    /// <summary>How many replicas the new ReplicaSet should have now (NewRSNewReplicas).</summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IEnumerable<V1ReplicaSet> all, V1ReplicaSet newRs)
    {
        if (!IsRollingUpdate(d)) return Replicas(d);
        var maxTotal = Replicas(d) + MaxSurge(d);
        var current = all.Sum(Replicas);
        if (current >= maxTotal) return Replicas(newRs);
        return Replicas(newRs) + Math.Min(maxTotal - current, Replicas(d) - Replicas(newRs));
    }

    private static int Scaled(IntOrString? value, int total, bool roundUp, string fallback)
    {
        var text = value?.Value ?? fallback;
        if (!text.EndsWith('%')) return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var percent = double.Parse(text.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        var scaled = percent * total / 100;
        return roundUp ? (int)Math.Ceiling(scaled) : (int)Math.Floor(scaled);
    }
}
