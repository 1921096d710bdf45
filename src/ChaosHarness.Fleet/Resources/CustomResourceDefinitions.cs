using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Resources;

/// <summary>
/// Keeps a cluster's catalog in step with its apiextensions.k8s.io/v1 CustomResourceDefinitions: creating or updating one
/// registers each served version (scope, names, <c>status</c> and <c>scale</c> subresources) and marks it Established;
/// deleting one unregisters its kinds and removes their objects, as the real API server's cleanup finalizer does.
/// </summary>
public sealed class CustomResourceDefinitions
{
    private readonly ClusterApi _api;

    private CustomResourceDefinitions(ClusterApi api) => _api = api;

    /// <summary>Starts following the CustomResourceDefinitions written through <paramref name="api"/>.</summary>
    public static void Follow(ClusterApi api)
    {
        var definitions = new CustomResourceDefinitions(api);
        api.ObjectCreated += definitions.OnWritten;
        api.ObjectUpdated += definitions.OnWritten;
        api.ObjectDeleted += definitions.OnDeleted;
    }

    /// <summary>The kinds a definition serves, one per served version.</summary>
    public static IReadOnlyList<ResourceType> TypesOf(JsonObject definition)
    {
        var spec = definition["spec"] as JsonObject ?? throw new ArgumentException("A CustomResourceDefinition needs a spec.", nameof(definition));
        var names = spec["names"] as JsonObject ?? new JsonObject();
        var group = (string?)spec["group"] ?? "";
        var plural = (string?)names["plural"] ?? "";
        var kind = (string?)names["kind"] ?? "";
        var namespaced = (string?)spec["scope"] != "Cluster";
        var types = new List<ResourceType>();
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if ((bool?)version["served"] == false) continue;
            var subresources = version["subresources"] as JsonObject;
            types.Add(new ResourceType
            {
                Group = group,
                Version = (string?)version["name"] ?? "v1",
                Kind = kind,
                Plural = plural,
                Namespaced = namespaced,
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = subresources?["status"] is not null,
                HasScale = subresources?["scale"] is not null,
            });
        }

        return types;
    }

    private void OnWritten(StoredObject written)
    {
        if (written.Type != BuiltInResources.CustomResourceDefinitions || written.IsTerminating) return;
        var definition = written.ToJsonObject();
        var types = TypesOf(definition);
        var group = types.FirstOrDefault()?.Group;
        var plural = types.FirstOrDefault()?.Plural;
        foreach (var stale in _api.Catalog.Types.Where(t => t.Group == group && t.Plural == plural && types.All(n => n.Version != t.Version)).ToList())
        {
            _api.Catalog.Unregister(stale.Group, stale.Plural);
        }

        foreach (var type in types) _api.Catalog.Register(type);
        MarkEstablished(written, definition);
    }

    private void OnDeleted(StoredObject deleted)
    {
        if (deleted.Type != BuiltInResources.CustomResourceDefinitions) return;
        var types = TypesOf(deleted.ToJsonObject());
        if (types.Count == 0) return;
        foreach (var obj in _api.Store.List(types[0]).Items)
        {
            try
            {
                _api.Store.Delete(types[0], obj.Key);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }

        _api.Catalog.Unregister(types[0].Group, types[0].Plural);
    }

    /// <summary>Sets the conditions <c>kubectl wait --for condition=established</c> waits on, once.</summary>
    private void MarkEstablished(StoredObject written, JsonObject definition)
    {
        var conditions = definition["status"]?["conditions"] as JsonArray;
        if (conditions?.Any(c => (string?)c?["type"] == "Established" && (string?)c?["status"] == "True") == true) return;

        var now = KubernetesTime.Format(_api.Clock.GetUtcNow());
        var storedVersions = (definition["spec"]?["versions"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(v => (bool?)v["storage"] == true).Select(v => (JsonNode?)JsonValue.Create((string?)v["name"]));
        definition["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = definition["spec"]?["names"]?.DeepClone(),
            ["storedVersions"] = new JsonArray([.. storedVersions]),
        };
        try
        {
            _api.Replace(ApiCaller.Admin, BuiltInResources.CustomResourceDefinitions, null, written.Name, definition, "status");
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Deleted or changed meanwhile; the next write marks it.
        }
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(v => (string?)v).OfType<string>()] : [];
}
