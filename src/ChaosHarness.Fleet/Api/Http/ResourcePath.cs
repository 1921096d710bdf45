namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// A REST path that names resources: <c>/api/v1[/watch]/namespaces/{ns}/{plural}/{name}/{subresource}</c> or the same under
/// <c>/apis/{group}/{version}</c>. Namespaces' own subresources (<c>/api/v1/namespaces/{name}/status|finalize</c>) are
/// told apart from namespaced collections as the real API server does.
/// </summary>
internal sealed record ResourcePath(
    string Group,
    string Version,
    string Plural,
    string? Namespace,
    string? Name,
    string? Subresource,
    bool IsWatchPath)
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public bool IsCollection => Name is null;

    /// <summary>Parses a resource path; null when the path is not one (discovery, unknown prefixes, too many segments).</summary>
    public static ResourcePath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string group;
        string version;
        int rest;
        if (segments is ["api", var coreVersion, _, ..])
        {
            (group, version, rest) = ("", coreVersion, 2);
        }
        else if (segments is ["apis", var g, var v, _, ..])
        {
            (group, version, rest) = (g, v, 3);
        }
        else
        {
            return null;
        }

        var parts = segments[rest..];
        var watch = false;
        if (parts is ["watch", _, ..])
        {
            watch = true;
            parts = parts[1..];
        }

        if (parts.Any(p => p.Length == 0)) return null;

        string? ns = null;
        if (parts is ["namespaces", var nsName, var third, ..] && !NamespaceSubresources.Contains(third))
        {
            ns = nsName;
            parts = parts[2..];
        }

        return parts switch
        {
            [var plural] => new ResourcePath(group, version, plural, ns, null, null, watch),
            [var plural, var name] => new ResourcePath(group, version, plural, ns, name, null, watch),
            [var plural, var name, var sub] when !watch => new ResourcePath(group, version, plural, ns, name, sub, watch),
            _ => null,
        };
    }
}
