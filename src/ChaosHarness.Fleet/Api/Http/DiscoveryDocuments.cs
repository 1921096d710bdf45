using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// Legacy discovery of one cluster: <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}</c> and
/// <c>/apis/{group}/{version}</c>, with short names, categories, verbs and subresources. Served as plain JSON even to
/// clients that ask for aggregated discovery: client-go reads the response's type and falls back. Rendered once per
/// change of the catalog.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    private readonly ResourceCatalog _catalog;
    private readonly ConcurrentDictionary<string, byte[]?> _rendered = new(StringComparer.Ordinal);

    public DiscoveryDocuments(ResourceCatalog catalog)
    {
        _catalog = catalog;
        catalog.Changed += _rendered.Clear;
    }

    /// <summary>The document at <paramref name="path"/> (such as <c>/apis/apps/v1</c>), or null when there is none.</summary>
    public byte[]? Find(string path) => _rendered.GetOrAdd(path.TrimEnd('/'), Render);

    private byte[]? Render(string path)
    {
        var segments = path.Trim('/').Split('/');
        JsonObject? document = segments switch
        {
            ["api"] => CoreVersions(),
            ["api", var version] => ResourceList("", version),
            ["apis"] => GroupList(),
            ["apis", var group] => Group(group),
            ["apis", var group, var version] => ResourceList(group, version),
            _ => null,
        };
        return document is null ? null : JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private JsonObject? CoreVersions()
    {
        var versions = VersionsOf("");
        return versions.Count == 0 ? null : new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)JsonValue.Create(v))]),
            ["serverAddressByClientCIDRs"] = new JsonArray(),
        };
    }

    private JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. _catalog.GroupVersions().Select(gv => gv.Group).Where(g => g.Length > 0).Distinct()
            .Select(g => (JsonNode)GroupBody(g))]),
    };

    private JsonObject? Group(string group)
    {
        if (group.Length == 0 || VersionsOf(group).Count == 0) return null;
        var document = new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1" };
        foreach (var (key, value) in GroupBody(group)) document[key] = value?.DeepClone();
        return document;
    }

    private JsonObject GroupBody(string group)
    {
        var versions = VersionsOf(group);
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)GroupVersion(group, v))]),
            ["preferredVersion"] = GroupVersion(group, versions[0]),
        };
    }

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    private List<string> VersionsOf(string group) =>
        [.. _catalog.GroupVersions().Where(gv => gv.Group == group).Select(gv => gv.Version).Distinct()];

    private JsonObject? ResourceList(string group, string version)
    {
        var types = _catalog.Types.Where(t => t.Group == group && t.Version == version).ToList();
        if (types.Count == 0) return null;
        var resources = new JsonArray();
        foreach (var type in types)
        {
            resources.Add(Resource(type));
            if (type.HasStatus) resources.Add(Subresource(type, "status", null, SubresourceVerbs));
            if (type.HasScale) resources.Add(Subresource(type, "scale", new SubresourceType("scale", "autoscaling", "v1", "Scale", SubresourceVerbs), SubresourceVerbs));
            foreach (var extra in type.ExtraSubresources) resources.Add(Subresource(type, extra.Name, extra, extra.Verbs));
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Resource(ResourceType type)
    {
        var resource = new JsonObject
        {
            ["name"] = type.Plural,
            ["singularName"] = type.Singular,
            ["namespaced"] = type.Namespaced,
            ["kind"] = type.Kind,
            ["verbs"] = Strings(type.Verbs),
        };
        if (type.ShortNames.Count > 0) resource["shortNames"] = Strings(type.ShortNames);
        if (type.Categories.Count > 0) resource["categories"] = Strings(type.Categories);
        return resource;
    }

    private static JsonObject Subresource(ResourceType type, string name, SubresourceType? other, IReadOnlyList<string> verbs)
    {
        var resource = new JsonObject
        {
            ["name"] = $"{type.Plural}/{name}",
            ["singularName"] = "",
            ["namespaced"] = type.Namespaced,
        };
        if (other is not null && (other.Group != type.Group || other.Version != type.Version))
        {
            resource["group"] = other.Group;
            resource["version"] = other.Version;
        }

        resource["kind"] = other?.Kind ?? type.Kind;
        resource["verbs"] = Strings(verbs);
        return resource;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
