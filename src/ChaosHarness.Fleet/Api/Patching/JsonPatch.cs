using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// An RFC 6902 JSON Patch (<c>application/json-patch+json</c>), as <c>kubectl patch --type=json</c> and
/// <c>kubectl rollout undo</c> send. Operations apply in order and all or nothing.
/// </summary>
public sealed class JsonPatch
{
    private static readonly JsonDocumentOptions StrictDocument = new() { AllowDuplicateProperties = false };

    public JsonPatch(IReadOnlyList<JsonPatchOperation> operations)
    {
        Operations = operations;
    }

    public IReadOnlyList<JsonPatchOperation> Operations { get; }

    /// <summary>Reads a patch document; malformed JSON or a document that is not a list of operations is a BadRequest.</summary>
    public static JsonPatch Parse(string json)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: StrictDocument);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest($"invalid JSON patch: {e.Message}");
        }

        return Parse(document);
    }

    public static JsonPatch Parse(JsonNode? document)
    {
        if (document is not JsonArray operations)
        {
            throw PatchException.BadRequest($"invalid JSON patch: expected a list of operations, got {JsonShape.Describe(document)}");
        }

        return new JsonPatch(operations.Select(ParseOperation).ToArray());
    }

    /// <summary>Returns the patched copy of <paramref name="document"/>, which is left untouched.</summary>
    public JsonNode? Apply(JsonNode? document)
    {
        var patched = document?.DeepClone();
        foreach (var operation in Operations)
        {
            patched = Apply(patched, operation);
        }

        return patched;
    }

    private static JsonNode? Apply(JsonNode? document, JsonPatchOperation operation) => operation.Op switch
    {
        JsonPatchOperationType.Add => Add(document, operation.Path, operation.Value?.DeepClone(), operation.Name, "path"),
        JsonPatchOperationType.Remove => Remove(document, operation),
        JsonPatchOperationType.Replace => Replace(document, operation),
        JsonPatchOperationType.Move => Move(document, operation),
        JsonPatchOperationType.Copy => Copy(document, operation),
        JsonPatchOperationType.Test => Test(document, operation),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Op, null),
    };

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value, string op, string role)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (Resolve(document, path.Parent))
        {
            case JsonObject parent:
                parent[path.LastToken] = value;
                break;
            case JsonArray parent when path.LastToken == "-":
                parent.Add(value);
                break;
            case JsonArray parent:
                parent.Insert(IndexWithin(parent.Count, path, op), value);
                break;
            default:
                throw DoesNotApply(op, $"doc is missing {role}", path);
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, JsonPatchOperation operation)
    {
        if (operation.Path.IsRoot)
        {
            throw PatchException.Invalid("jsonpatch remove operation does not apply: cannot remove the whole document");
        }

        Detach(document, operation.Path, operation.Name, "path");
        return document;
    }

    private static JsonNode? Replace(JsonNode? document, JsonPatchOperation operation)
    {
        var path = operation.Path;
        var value = operation.Value?.DeepClone();
        if (path.IsRoot)
        {
            return value;
        }

        switch (Resolve(document, path.Parent))
        {
            case JsonObject parent when parent.ContainsKey(path.LastToken):
                parent[path.LastToken] = value;
                break;
            case JsonArray parent when TryIndex(path.LastToken, parent.Count - 1, out var index):
                parent[index] = value;
                break;
            case JsonObject or JsonArray:
                throw DoesNotApply(operation.Name, "doc is missing key", path);
            default:
                throw DoesNotApply(operation.Name, "doc is missing path", path);
        }

        return document;
    }

    private static JsonNode? Move(JsonNode? document, JsonPatchOperation operation)
    {
        var from = operation.From!;
        if (from.IsProperPrefixOf(operation.Path))
        {
            throw DoesNotApply(operation.Name, $"from path {from} is a prefix of path", operation.Path);
        }

        if (from.ToString() == operation.Path.ToString())
        {
            Existing(document, from, operation.Name, "from path");
            return document;
        }

        var value = Detach(document, from, operation.Name, "from path");
        return Add(document, operation.Path, value, operation.Name, "destination path");
    }

    private static JsonNode? Copy(JsonNode? document, JsonPatchOperation operation)
    {
        var value = Existing(document, operation.From!, operation.Name, "from path");
        return Add(document, operation.Path, value?.DeepClone(), operation.Name, "destination path");
    }

    private static JsonNode? Test(JsonNode? document, JsonPatchOperation operation)
    {
        var actual = Existing(document, operation.Path, operation.Name, "path");
        if (!JsonNode.DeepEquals(actual, operation.Value))
        {
            throw PatchException.Invalid($"testing value {operation.Path} failed");
        }

        return document;
    }

    /// <summary>The value at <paramref name="path"/>, which must exist (it may be JSON null).</summary>
    private static JsonNode? Existing(JsonNode? document, JsonPointer path, string op, string role)
    {
        if (path.IsRoot)
        {
            return document;
        }

        return Resolve(document, path.Parent) switch
        {
            JsonObject parent when parent.TryGetPropertyValue(path.LastToken, out var value) => value,
            JsonArray parent when TryIndex(path.LastToken, parent.Count - 1, out var index) => parent[index],
            _ => throw DoesNotApply(op, $"doc is missing {role}", path),
        };
    }

    /// <summary>Removes the value at <paramref name="path"/> from its parent and returns it.</summary>
    private static JsonNode? Detach(JsonNode? document, JsonPointer path, string op, string role)
    {
        if (path.IsRoot)
        {
            return document;
        }

        switch (Resolve(document, path.Parent))
        {
            case JsonObject parent when parent.TryGetPropertyValue(path.LastToken, out var value):
                parent.Remove(path.LastToken);
                return value;
            case JsonArray parent when TryIndex(path.LastToken, parent.Count - 1, out var index):
                var element = parent[index];
                parent.RemoveAt(index);
                return element;
            default:
                throw DoesNotApply(op, $"doc is missing {role}", path);
        }
    }

    /// <summary>The container or value at <paramref name="path"/>, or null when the document has nothing there.</summary>
    private static JsonNode? Resolve(JsonNode? document, JsonPointer path)
    {
        var current = document;
        foreach (var token in path.Tokens)
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var member) => member,
                JsonArray array when TryIndex(token, array.Count - 1, out var index) => array[index],
                _ => null,
            };
        }

        return current;
    }

    private static int IndexWithin(int count, JsonPointer path, string op) =>
        TryIndex(path.LastToken, count, out var index)
            ? index
            : throw DoesNotApply(op, "invalid array index", path);

    /// <summary>RFC 6901 array indices: decimal digits without leading zeros.</summary>
    private static bool TryIndex(string token, int max, out int index)
    {
        index = -1;
        var wellFormed = token.Length > 0 && token.All(char.IsAsciiDigit) && (token == "0" || token[0] != '0');
        return wellFormed && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= max;
    }

    private static PatchException DoesNotApply(string op, string problem, JsonPointer path) =>
        PatchException.Invalid($"jsonpatch {op} operation does not apply: {problem}: {path}");

    private static JsonPatchOperation ParseOperation(JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw PatchException.BadRequest($"invalid JSON patch: expected an operation object, got {JsonShape.Describe(node)}");
        }

        var name = operation["op"] is JsonValue opValue && opValue.TryGetValue(out string? text) ? text : "unknown";
        JsonPatchOperationType? type = name switch
        {
            "add" => JsonPatchOperationType.Add,
            "remove" => JsonPatchOperationType.Remove,
            "replace" => JsonPatchOperationType.Replace,
            "move" => JsonPatchOperationType.Move,
            "copy" => JsonPatchOperationType.Copy,
            "test" => JsonPatchOperationType.Test,
            _ => null,
        };
        if (type is not { } op)
        {
            throw PatchException.Invalid($"jsonpatch: unexpected operation kind: {name}");
        }

        var path = PointerMember(operation, "path", name);
        var from = op is JsonPatchOperationType.Move or JsonPatchOperationType.Copy ? PointerMember(operation, "from", name) : null;
        var needsValue = op is JsonPatchOperationType.Add or JsonPatchOperationType.Replace or JsonPatchOperationType.Test;
        if (needsValue && !operation.ContainsKey("value"))
        {
            throw PatchException.Invalid($"jsonpatch {name} operation is missing \"value\" for path {path}");
        }

        return new JsonPatchOperation(op, path, from, needsValue ? operation["value"] : null);
    }

    private static JsonPointer PointerMember(JsonObject operation, string member, string op)
    {
        if (operation[member] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            throw PatchException.Invalid($"jsonpatch {op} operation failed to decode {member}: \"{member}\" is missing or not a string");
        }

        return JsonPointer.TryParse(text, out var pointer)
            ? pointer
            : throw PatchException.Invalid($"jsonpatch {op} operation failed to decode {member}: \"{text}\" is not a JSON pointer");
    }
}
