using k8s.Models;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>A <c>FlowSchema</c> ready to match requests: its rules, its place in the matching order and its priority level.</summary>
internal sealed class FlowSchemaMatcher
{
    private readonly IReadOnlyList<PolicyRuleMatcher> _rules;

    public FlowSchemaMatcher(V1FlowSchema schema, PriorityLevel level)
    {
        Name = schema.Metadata?.Name ?? "";
        Uid = schema.Metadata?.Uid ?? "";
        MatchingPrecedence = schema.Spec?.MatchingPrecedence ?? DefaultMatchingPrecedence;
        DistinguisherMethod = schema.Spec?.DistinguisherMethod?.Type;
        Level = level;
        _rules = [.. (schema.Spec?.Rules ?? []).Select(r => new PolicyRuleMatcher(r))];
    }

    /// <summary>What the API server gives a FlowSchema that names no precedence.</summary>
    public const int DefaultMatchingPrecedence = 1000;

    public string Name { get; }
    public string Uid { get; }
    public int MatchingPrecedence { get; }
    public string? DistinguisherMethod { get; }
    public PriorityLevel Level { get; }

    public bool Matches(RequestAttributes request) => _rules.Any(r => r.Matches(request));

    /// <summary>The flow a request belongs to within its level: its user, its namespace, or one flow for all.</summary>
    public string FlowOf(RequestAttributes request) => DistinguisherMethod switch
    {
        "ByUser" => request.Caller.UserName,
        "ByNamespace" => request.Namespace ?? "",
        _ => "",
    };
}
