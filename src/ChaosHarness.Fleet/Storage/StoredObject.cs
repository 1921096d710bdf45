using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;
using k8s;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// One version of one object, immutable: its JSON as the API serves it, plus the few fields that lists, selectors
/// and the garbage collector read without parsing it again. Readers that want to change it take a copy
/// (<see cref="ToJsonObject"/> or <see cref="ToModel{T}"/>) and write it back through the API.
/// </summary>
public sealed class StoredObject
{
    private StoredObject(ResourceType type, ObjectKey key, string uid, long resourceVersion, byte[] json,
        IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> fields, IReadOnlyList<string> ownerUids,
        bool isTerminating)
    {
        Type = type;
        Key = key;
        Uid = uid;
        ResourceVersion = resourceVersion;
        Json = json;
        Labels = labels;
        Fields = fields;
        OwnerUids = ownerUids;
        IsTerminating = isTerminating;
    }

    public ResourceType Type { get; }
    public ObjectKey Key { get; }
    public string? Namespace => Key.Namespace;
    public string Name => Key.Name;
    public string Uid { get; }
    public long ResourceVersion { get; }

    /// <summary>The object's JSON, UTF-8, exactly as a GET returns it.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    /// <summary>The values of the kind's field labels (see <see cref="ResourceType.FieldLabels"/>), for field selectors.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>Has a deletion timestamp: deletion was asked for and waits on a grace period or finalizers.</summary>
    public bool IsTerminating { get; }

    public JsonObject ToJsonObject() => JsonNode.Parse(Json.Span)!.AsObject();

    public T ToModel<T>() => KubernetesJson.Deserialize<T>(System.Text.Encoding.UTF8.GetString(Json.Span));

    public string? FieldValue(string field) => field switch
    {
        "metadata.name" => Name,
        "metadata.namespace" => Namespace,
        _ => Fields.GetValueOrDefault(field),
    };

    /// <summary>
    /// Freezes <paramref name="body"/> as the version <paramref name="resourceVersion"/> of an object;
    /// stamps the resource version into its metadata first. The caller gives up the body.
    /// </summary>
    public static StoredObject Freeze(ResourceType type, JsonObject body, long resourceVersion) =>
        Prepare(type, body).Stamp(resourceVersion);

    /// <summary>
    /// Does all the work of freezing <paramref name="body"/> except assigning its resource version, so that the store can do it
    /// outside its lock and only stamp the version inside. The caller gives up the body.
    /// </summary>
    public static StoredObjectDraft Prepare(ResourceType type, JsonObject body)
    {
        var metadata = body["metadata"] as JsonObject
            ?? throw new ArgumentException("An object to store must have metadata.", nameof(body));
        metadata["resourceVersion"] = StoredObjectDraft.Placeholder;

        var name = (string?)metadata["name"] ?? throw new ArgumentException("An object to store must have a name.", nameof(body));
        var ns = type.Namespaced ? (string?)metadata["namespace"] : null;
        var uid = (string?)metadata["uid"] ?? "";
        var labels = metadata["labels"] is JsonObject { Count: > 0 } labelNode
            ? new CompactStringMap([.. labelNode.Select(p => StringPool.Intern(p.Key))], [.. labelNode.Select(p => p.Value is null ? null : StringPool.Intern(p.Value.ToString()))])
            : CompactStringMap.Empty;
        var owners = metadata["ownerReferences"] is JsonArray refs
            ? refs.OfType<JsonObject>().Select(r => (string?)r["uid"]).OfType<string>().ToArray()
            : [];
        var fieldNames = FieldNamesOf(type);
        var fields = fieldNames.Length == 0
            ? CompactStringMap.Empty
            : new CompactStringMap(fieldNames, [.. fieldNames.Select(f => ValueAt(body, f) is { } value ? StringPool.Intern(value) : null)]);
        var terminating = metadata["deletionTimestamp"] is not null;

        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        var key = new ObjectKey(ns, name);
        return new StoredObjectDraft(key, json, (stamped, rv) => new StoredObject(type, key, uid, rv, stamped, labels, fields, owners, terminating));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ResourceType, string[]> FieldNames = new();

    /// <summary>One array of field-label names per kind, shared by all its objects' field maps.</summary>
    private static string[] FieldNamesOf(ResourceType type) => FieldNames.GetOrAdd(type, t => [.. t.FieldLabels]);

    private static string? ValueAt(JsonObject body, string dottedPath)
    {
        JsonNode? node = body;
        foreach (var segment in dottedPath.Split('.'))
        {
            node = node is JsonObject obj ? obj[segment] : null;
            if (node is null) return null;
        }

        return node is JsonValue value ? value.ToString() : null;
    }
}
