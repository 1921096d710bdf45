namespace ChaosHarness.Deploy.Tests.Rbac;

/// <summary>One rule of a Role or ClusterRole, matched as the RBAC authorizer matches it.</summary>
public sealed record PolicyRule(string Source, IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames)
{
    public bool Allows(ApiCall call)
        => (Verbs.Contains(call.Verb) || Verbs.Contains("*"))
           && (ApiGroups.Contains(call.Group) || ApiGroups.Contains("*"))
           && (Resources.Contains(call.Resource) || Resources.Contains("*") || Resources.Contains(call.Resource.Split('/')[0] + "/*"))
           && (ResourceNames.Count == 0 || (call.Name is not null && ResourceNames.Contains(call.Name)));

    public bool HasWildcard => Verbs.Contains("*") || ApiGroups.Contains("*") || Resources.Any(r => r.Contains('*', StringComparison.Ordinal));

    /// <summary>Every (verb, group, resource) the rule grants, in <see cref="ApiCall.Triple"/> form.</summary>
    public IEnumerable<string> Triples
        => from verb in Verbs
           from apiGroup in ApiGroups
           from resource in Resources
           select new ApiCall(verb, apiGroup, resource, null, null).Triple;
}
