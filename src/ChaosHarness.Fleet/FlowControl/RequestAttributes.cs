using ChaosHarness.Fleet.Api;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// What API Priority and Fairness looks at in a request, as the real server's <c>RequestDigest</c>: who sends it, and
/// either the verb on a resource (group, resource, subresource, namespace) or the verb on a non-resource URL.
/// Verbs are Kubernetes verbs for resource requests (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, …) and the
/// lower-cased HTTP method for non-resource requests.
/// </summary>
public sealed record RequestAttributes
{
    private RequestAttributes(ApiCaller caller, string verb)
    {
        Caller = caller;
        Verb = verb;
    }

    public ApiCaller Caller { get; }
    public string Verb { get; }
    public bool IsResourceRequest { get; private init; }
    public string ApiGroup { get; private init; } = "";
    public string Resource { get; private init; } = "";
    public string? Subresource { get; private init; }

    /// <summary>The namespace of a namespaced request; null for cluster-scoped ones (and lists across all namespaces).</summary>
    public string? Namespace { get; private init; }

    /// <summary>The URL path of a non-resource request.</summary>
    public string Path { get; private init; } = "";

    public bool IsReadOnly => Verb is "get" or "list" or "watch" or "head";

    /// <summary>The resource as rules name it: <c>pods</c>, or <c>pods/eviction</c> for a subresource.</summary>
    public string ResourceWithSubresource => Subresource is null ? Resource : $"{Resource}/{Subresource}";

    public static RequestAttributes ForResource(ApiCaller caller, string verb, string apiGroup, string resource, string? subresource, string? ns) =>
        new(caller, verb) { IsResourceRequest = true, ApiGroup = apiGroup, Resource = resource, Subresource = subresource, Namespace = ns };

    public static RequestAttributes ForNonResource(ApiCaller caller, string httpMethod, string path) =>
        new(caller, httpMethod.ToLowerInvariant()) { Path = path };

    public override string ToString() =>
        IsResourceRequest
            ? $"{Caller} {Verb} {ResourceWithSubresource}{(ApiGroup.Length > 0 ? "." + ApiGroup : "")}{(Namespace is null ? "" : " in " + Namespace)}"
            : $"{Caller} {Verb} {Path}";
}
