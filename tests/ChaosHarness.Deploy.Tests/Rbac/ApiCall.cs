using ChaosHarness.Kube.Access;

namespace ChaosHarness.Deploy.Tests.Rbac;

/// <summary>
/// A request as the API server's authorizer sees it: verb, API group, resource (with its subresource), namespace and
/// name, derived from the HTTP method and path as the real request-info resolver does.
/// </summary>
public sealed record ApiCall(string Verb, string Group, string Resource, string? Namespace, string? Name)
{
    /// <summary>Null for non-resource paths (/version, discovery), which RBAC grants by URL, not by resource.</summary>
    public static ApiCall? From(ApiRequest request)
    {
        var parts = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        int rest;
        if (parts is ["api", _, ..])
        {
            (group, rest) = ("", 2);
        }
        else if (parts is ["apis", _, _, ..])
        {
            (group, rest) = (parts[1], 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        string? ns = null;
        if (tail is ["namespaces", _, _, ..])
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length == 0)
        {
            return null;
        }

        var resource = tail[0];
        var name = tail.Length > 1 ? tail[1] : null;
        if (tail.Length > 2)
        {
            resource += "/" + tail[2];
        }

        var watch = request.IsWatch || request.Query.Contains("watch=true", StringComparison.Ordinal) || request.Query.Contains("watch=1", StringComparison.Ordinal);
        var verb = request.Method switch
        {
            "GET" or "HEAD" => watch ? "watch" : name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => throw new InvalidOperationException($"Unexpected method in {request}."),
        };
        return new ApiCall(verb, group, resource, ns, name);
    }

    public string Triple => $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}";

    public override string ToString() => $"{Triple}{(Namespace is null ? "" : $" in {Namespace}")}{(Name is null ? "" : $" ({Name})")}";
}
