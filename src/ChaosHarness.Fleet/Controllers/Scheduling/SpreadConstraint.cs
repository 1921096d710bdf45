using ChaosHarness.Fleet.Api.Selectors;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// One topology spread constraint as the scheduler applies it: a pod's own, or one of the system defaults
/// (hostname skew 3 and zone skew 5, ScheduleAnyway) over the selector of the services and ReplicaSet the pod belongs to.
/// </summary>
internal sealed record SpreadConstraint(string TopologyKey, int MaxSkew, bool DoNotSchedule, V1LabelSelector Selector, LabelSelector Matcher,
    int MinDomains, bool HonorNodeAffinity, bool HonorNodeTaints)
{
    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static IReadOnlyList<SpreadConstraint> For(V1Pod pod, Func<V1Pod, (V1LabelSelector Selector, LabelSelector Matcher)?> defaultSelector)
    {
        var own = pod.Spec?.TopologySpreadConstraints;
        if (own is { Count: > 0 })
        {
            return [.. own.Where(c => c.LabelSelector is not null).Select(c =>
            {
                var selector = WithMatchLabelKeys(c.LabelSelector, c.MatchLabelKeys, pod);
                return new SpreadConstraint(c.TopologyKey, c.MaxSkew, c.WhenUnsatisfiable == "DoNotSchedule", selector, LabelSelector.From(selector),
                    c.MinDomains ?? 1, c.NodeAffinityPolicy != "Ignore", c.NodeTaintsPolicy == "Honor");
            })];
        }

        if (defaultSelector(pod) is not { } found) return [];
        var (selector, matcher) = found;
        return
        [
            new SpreadConstraint(HostnameLabel, 3, false, selector, matcher, 1, true, false),
            new SpreadConstraint(ZoneLabel, 5, false, selector, matcher, 1, true, false),
        ];
    }

    private static V1LabelSelector WithMatchLabelKeys(V1LabelSelector selector, IList<string>? keys, V1Pod pod)
    {
        if (keys is not { Count: > 0 }) return selector;
        var expressions = new List<V1LabelSelectorRequirement>(selector.MatchExpressions ?? []);
        foreach (var key in keys)
        {
            if (pod.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value))
            {
                expressions.Add(new V1LabelSelectorRequirement { Key = key, OperatorProperty = "In", Values = [value] });
            }
        }

        return new V1LabelSelector { MatchLabels = selector.MatchLabels, MatchExpressions = expressions };
    }
}
