using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// A minimal OpenAPI v3: the <c>/openapi/v3</c> index, and per group-version a document whose paths carry, for every
/// resource, operations tagged with <c>x-kubernetes-group-version-kind</c> and a <c>fieldValidation</c> parameter. That is
/// what kubectl 1.29+ looks for before it leaves validation to the server (<c>?fieldValidation=Strict</c>), so that
/// <c>kubectl apply</c> works without <c>--validate=false</c>. It holds no schemas, so <c>kubectl explain</c> has nothing
/// to explain, and it offers no strategic-merge request body, so kubectl computes apply patches from its built-in types.
/// </summary>
internal sealed class OpenApiDocuments
{
    private const string Prefix = "/openapi/v3";

    private readonly ResourceCatalog _catalog;
    private readonly ConcurrentDictionary<string, byte[]?> _rendered = new(StringComparer.Ordinal);

    public OpenApiDocuments(ResourceCatalog catalog)
    {
        _catalog = catalog;
        catalog.Changed += _rendered.Clear;
    }

    public static bool Serves(string path) => path == Prefix || path.StartsWith(Prefix + "/", StringComparison.Ordinal);

    /// <summary>The document at <paramref name="path"/> (the index, or <c>/openapi/v3/apis/apps/v1</c>); null when there is none.</summary>
    public byte[]? Find(string path) => _rendered.GetOrAdd(path.TrimEnd('/'), Render);

    private byte[]? Render(string path)
    {
        if (path == Prefix) return JsonSerializer.SerializeToUtf8Bytes(Index());
        var groupVersion = path[(Prefix.Length + 1)..];
        var document = GroupVersionDocument(groupVersion);
        return document is null ? null : JsonSerializer.SerializeToUtf8Bytes(document);
    }

    private JsonObject Index()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in _catalog.GroupVersions())
        {
            var key = GroupVersionPath(group, version);
            var hash = Convert.ToHexString(SHA256.HashData(Find($"{Prefix}/{key}") ?? []))[..16];
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"{Prefix}/{key}?hash={hash}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static string GroupVersionPath(string group, string version) => group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private JsonObject? GroupVersionDocument(string groupVersionPath)
    {
        var types = _catalog.Types.Where(t => GroupVersionPath(t.Group, t.Version) == groupVersionPath).ToList();
        if (types.Count == 0) return null;

        var paths = new JsonObject();
        foreach (var type in types)
        {
            var collection = $"/{GroupVersionPath(type.Group, type.Version)}/{(type.Namespaced ? "namespaces/{namespace}/" : "")}{type.Plural}";
            paths[collection] = new JsonObject
            {
                ["get"] = Operation(type, "list"),
                ["post"] = Operation(type, "post"),
            };
            paths[collection + "/{name}"] = new JsonObject
            {
                ["get"] = Operation(type, "get"),
                ["put"] = Operation(type, "put"),
                ["patch"] = Operation(type, "patch"),
                ["delete"] = Operation(type, "delete"),
            };
            if (type.HasStatus)
            {
                paths[collection + "/{name}/status"] = new JsonObject
                {
                    ["get"] = Operation(type, "get"),
                    ["put"] = Operation(type, "put"),
                    ["patch"] = Operation(type, "patch"),
                };
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = ServerVersion.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject Operation(ResourceType type, string action)
    {
        var operation = new JsonObject
        {
            ["operationId"] = $"{action}{type.Kind}",
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject
            {
                ["group"] = type.Group,
                ["version"] = type.Version,
                ["kind"] = type.Kind,
            },
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        };
        if (action is "post" or "put" or "patch")
        {
            operation["parameters"] = new JsonArray(
                QueryParameter("dryRun"), QueryParameter("fieldManager"), QueryParameter("fieldValidation"));
        }

        if (action == "patch")
        {
            operation["requestBody"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["application/json-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                    ["application/merge-patch+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                },
                ["required"] = true,
            };
        }

        return operation;
    }

    private static JsonObject QueryParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
