using k8s.Models;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>Whether a pod's tolerations cover a node's taints, as v1.Toleration.ToleratesTaint decides.</summary>
public static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect) return false;
        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key) return false;
        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        tolerations?.Any(t => Tolerates(t, taint)) == true;

    /// <summary>The first taint with one of <paramref name="effects"/> that no toleration covers, if any.</summary>
    public static V1Taint? FirstUntolerated(IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations, params string[] effects) =>
        taints?.FirstOrDefault(t => effects.Contains(t.Effect) && !AnyTolerates(tolerations, t));
}
