using k8s.Models;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// Temporary stand-in for <c>Api/Selectors/LabelSelector</c> (being built on main): metav1.LabelSelectorAsSelector semantics,
/// a null selector selects nothing, an empty one everything. Delete once LabelSelector lands.
/// </summary>
internal static class LabelSelectorShim
{
    public static bool Matches(V1LabelSelector? selector, IReadOnlyDictionary<string, string>? labels)
    {
        if (selector is null) return false;
        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value) return false;
        }

        foreach (var requirement in selector.MatchExpressions ?? [])
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            var values = requirement.Values ?? [];
            var ok = requirement.OperatorProperty switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok) return false;
        }

        return true;
    }

    public static bool IsEmpty(V1LabelSelector? selector) =>
        selector is not null && (selector.MatchLabels is null || selector.MatchLabels.Count == 0) &&
        (selector.MatchExpressions is null || selector.MatchExpressions.Count == 0);
}
