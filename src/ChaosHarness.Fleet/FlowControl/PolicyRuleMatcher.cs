using ChaosHarness.Fleet.Api;
using k8s.Models;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// One <c>PolicyRulesWithSubjects</c> of a FlowSchema, matched as the real server matches it: a request matches when its
/// sender is one of the subjects and, for a resource request, one resource rule covers its verb, API group, resource
/// (or <c>resource/subresource</c>) and namespace (<c>clusterScope</c> for requests without one); for a non-resource
/// request, one non-resource rule covers its verb and path (a trailing <c>*</c> matches a prefix).
/// </summary>
internal sealed class PolicyRuleMatcher
{
    private const string All = "*";

    private readonly IReadOnlyList<Flowcontrolv1Subject> _subjects;
    private readonly IReadOnlyList<V1ResourcePolicyRule> _resourceRules;
    private readonly IReadOnlyList<V1NonResourcePolicyRule> _nonResourceRules;

    public PolicyRuleMatcher(V1PolicyRulesWithSubjects rule)
    {
        _subjects = [.. rule.Subjects ?? []];
        _resourceRules = [.. rule.ResourceRules ?? []];
        _nonResourceRules = [.. rule.NonResourceRules ?? []];
    }

    public bool Matches(RequestAttributes request)
    {
        if (!_subjects.Any(s => SubjectMatches(s, request.Caller))) return false;
        return request.IsResourceRequest
            ? _resourceRules.Any(r => ResourceRuleMatches(r, request))
            : _nonResourceRules.Any(r => NonResourceRuleMatches(r, request));
    }

    private static bool SubjectMatches(Flowcontrolv1Subject subject, ApiCaller caller) => subject.Kind switch
    {
        "User" => subject.User?.Name is { } user && (user == All || user == caller.UserName),
        "Group" => subject.Group?.Name is { } group && (group == All || caller.Groups.Contains(group)),
        "ServiceAccount" => subject.ServiceAccount is { } account && caller.ServiceAccountName is var (ns, name)
                            && account.NamespaceProperty == ns && (account.Name == All || account.Name == name),
        _ => false,
    };

    private static bool ResourceRuleMatches(V1ResourcePolicyRule rule, RequestAttributes request)
    {
        if (!Covers(rule.Verbs, request.Verb)) return false;
        if (!Covers(rule.ApiGroups, request.ApiGroup)) return false;
        if (!(rule.Resources ?? []).Any(r => r == All || r == request.ResourceWithSubresource)) return false;
        return request.Namespace is null ? rule.ClusterScope == true : Covers(rule.Namespaces, request.Namespace);
    }

    private static bool NonResourceRuleMatches(V1NonResourcePolicyRule rule, RequestAttributes request) =>
        Covers(rule.Verbs, request.Verb) && (rule.NonResourceURLs ?? []).Any(url => PathMatches(url, request.Path));

    private static bool PathMatches(string rulePath, string path)
    {
        if (rulePath == All || rulePath == path) return true;
        var prefix = rulePath.EndsWith('*') ? rulePath[..^1] : rulePath + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static bool Covers(IList<string>? values, string value) => values is not null && values.Any(v => v == All || v == value);
}
