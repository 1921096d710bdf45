using k8s.Models;

namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// A set of label requirements that must all hold. Built from the query-string syntax, from a
/// <see cref="V1LabelSelector"/> (Deployments, ReplicaSets, PodDisruptionBudgets) or from a plain map (Services,
/// ReplicationControllers), each with its own meaning of "empty".
/// </summary>
public sealed class LabelSelector
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private readonly bool _matchesNothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool matchesNothing)
    {
        Requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>The requirements, sorted by key (as the API server sorts them).</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEverything => !_matchesNothing && Requirements.Count == 0;

    public bool IsNothing => _matchesNothing;

    /// <summary>Parses <c>?labelSelector=</c>: <c>app=web,tier!=db,env in (prod,staging),!canary</c>. Null or blank selects everything.</summary>
    /// <exception cref="SelectorException">The selector is not valid.</exception>
    public static LabelSelector Parse(string? selector) =>
        string.IsNullOrWhiteSpace(selector) ? Everything : Of(LabelSelectorParser.Parse(selector));

    /// <summary>
    /// The selector of a Deployment, ReplicaSet or PodDisruptionBudget: matchLabels and matchExpressions combined.
    /// A null selector matches nothing; an empty one matches everything.
    /// </summary>
    /// <exception cref="SelectorException">A requirement is not valid.</exception>
    public static LabelSelector From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = (selector.MatchLabels ?? new Dictionary<string, string>())
            .Select(label => LabelRequirement.Create(label.Key, LabelOperator.Equals, [label.Value]))
            .Concat((selector.MatchExpressions ?? []).Select(FromExpression))
            .ToList();
        return requirements.Count == 0 ? Everything : Of(requirements);
    }

    /// <summary>
    /// A selector requiring every label of the map; an empty or null map matches everything (labels.SelectorFromSet).
    /// Like the map-based selectors below, it trusts the map: it comes from a stored, already validated object.
    /// </summary>
    public static LabelSelector FromSet(IEnumerable<KeyValuePair<string, string>>? labels) => FromMap(labels, whenEmpty: Everything);

    /// <summary>
    /// A Service's <c>spec.selector</c>: every label of the map is required, and an empty or null map selects no pods
    /// (such a Service gets no endpoints from the endpoints controller).
    /// </summary>
    public static LabelSelector FromServiceSelector(IEnumerable<KeyValuePair<string, string>>? selector) => FromMap(selector, whenEmpty: Nothing);

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        var present = labels ?? NoLabels;
        return Requirements.All(requirement => requirement.Matches(present));
    }

    /// <summary>The canonical query-string form; empty for <see cref="Everything"/> and <see cref="Nothing"/> alike.</summary>
    public override string ToString() => string.Join(",", Requirements);

    private static LabelSelector Of(IEnumerable<LabelRequirement> requirements) =>
        new(requirements.OrderBy(requirement => requirement.Key, StringComparer.Ordinal).ToArray(), matchesNothing: false);

    private static LabelSelector FromMap(IEnumerable<KeyValuePair<string, string>>? labels, LabelSelector whenEmpty)
    {
        var requirements = (labels ?? []).Select(label => LabelRequirement.Unvalidated(label.Key, LabelOperator.Equals, [label.Value])).ToList();
        return requirements.Count == 0 ? whenEmpty : Of(requirements);
    }

    private static LabelRequirement FromExpression(V1LabelSelectorRequirement expression)
    {
        var op = expression.OperatorProperty switch
        {
            "In" => LabelOperator.In,
            "NotIn" => LabelOperator.NotIn,
            "Exists" => LabelOperator.Exists,
            "DoesNotExist" => LabelOperator.DoesNotExist,
            var other => throw new SelectorException($"\"{other}\" is not a valid label selector operator"),
        };
        return LabelRequirement.Create(expression.Key, op, expression.Values ?? []);
    }
}
