using System.Globalization;
using ChaosHarness.Fleet.Client;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>Node selection by labels: a pod's nodeSelector, its required node affinity terms and the weights of its preferred ones.</summary>
public static class NodeAffinity
{
    /// <summary>Both the nodeSelector and the required node affinity (any of its terms) accept the node.</summary>
    public static bool Required(V1Pod pod, V1Node node)
    {
        var labels = node.Metadata.LabelsOrEmpty();
        if (pod.Spec?.NodeSelector is { } selector && selector.Any(p => !labels.TryGetValue(p.Key, out var v) || v != p.Value)) return false;
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms is not { Count: > 0 } || terms.Any(term => Matches(term, node));
    }

    /// <summary>The sum of the weights of the preferred terms the node matches.</summary>
    public static long PreferredWeight(V1Pod pod, V1Node node) =>
        pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution?
            .Where(p => p.Preference is not null && Matches(p.Preference, node))
            .Sum(p => (long)p.Weight) ?? 0;

    public static bool Matches(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0) return false;
        var labels = node.Metadata.LabelsOrEmpty();
        return expressions.All(r => Matches(r, labels.TryGetValue(r.Key, out var v) ? v : null)) &&
               fields.All(r => r.Key == "metadata.name" && Matches(r, node.Metadata.Name));
    }

    private static bool Matches(V1NodeSelectorRequirement requirement, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) > 0,
            "Lt" => Compare(value, values) < 0 && value is not null,
            _ => false,
        };
    }

    private static int Compare(string? value, IList<string> values) =>
        value is not null && values.Count == 1 &&
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual) &&
        long.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : 0;
}
