using System.Text.Json.Nodes;
using static ChaosHarness.Fleet.Api.Patching.StrategicMergeDirectives;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>), applied as the API server applies
/// it: like a JSON merge patch, except that lists the schema marks as merged are merged element by element (maps by
/// their merge key, primitives as a set), and the directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c> are honoured. Directives never reach the result.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>Returns the patched copy of <paramref name="original"/>; neither argument is modified.</summary>
    public static JsonObject Apply(JsonObject original, JsonNode? patch, StrategicMergeSchema schema)
    {
        if (patch is not JsonObject changes)
        {
            throw PatchException.BadRequest($"invalid JSON document: a strategic merge patch must be a map, got {JsonShape.Describe(patch)}");
        }

        return MergeMap(original, changes, schema.Root) ?? [];
    }

    /// <summary>Merges a patch map into a live map (absent when null); null when the patch deletes the map.</summary>
    private static JsonObject? MergeMap(JsonObject? original, JsonObject patch, SchemaNode? schema)
    {
        switch (DirectiveOf(patch))
        {
            case Delete:
                return null;
            case Replace:
                original = null;
                break;
        }

        var retained = RetainedKeys(patch);
        var fields = FieldPatches(patch);
        var merged = new JsonObject();
        foreach (var (name, value) in original ?? [])
        {
            if (retained is not null && !retained.Contains(name))
            {
                continue;
            }

            if (fields.Remove(name, out var field))
            {
                Put(merged, name, MergeField(value, present: true, field, schema?.Child(name)));
            }
            else
            {
                merged[name] = value?.DeepClone();
            }
        }

        foreach (var (name, field) in fields)
        {
            Put(merged, name, MergeField(null, present: false, field, schema?.Child(name)));
        }

        return merged;
    }

    private static (bool Present, JsonNode? Value) MergeField(JsonNode? original, bool present, FieldPatch field, SchemaNode? schema)
    {
        JsonNode? value;
        if (!field.HasValue)
        {
            value = present ? original?.DeepClone() : null;
        }
        else if (field.Value is null)
        {
            return (false, null);
        }
        else
        {
            value = MergeValue(original, field.Value, schema, out var deleted);
            present = !deleted;
        }

        if (present && field.Order is not null && value is JsonArray ordered)
        {
            value = Reorder(ordered, original as JsonArray, field.Order, field.Value as JsonArray, schema?.List ?? ListStrategy.Replace);
        }

        if (present && field.Deletions is not null && value is JsonArray remaining)
        {
            remaining.RemoveAll(element => field.Deletions.Any(deletion => JsonNode.DeepEquals(deletion, element)));
        }

        return (present, value);
    }

    private static JsonNode? MergeValue(JsonNode? original, JsonNode patch, SchemaNode? schema, out bool deleted)
    {
        deleted = false;
        switch (patch)
        {
            case JsonObject map:
                var merged = MergeMap(original as JsonObject, map, schema);
                deleted = merged is null;
                return merged;
            case JsonArray list:
                return MergeList(original as JsonArray, list, schema);
            default:
                return patch.DeepClone();
        }
    }

    private static JsonArray MergeList(JsonArray? original, JsonArray patch, SchemaNode? schema)
    {
        var strategy = schema?.List ?? ListStrategy.Replace;
        var merged = (strategy.Merges, strategy.MergeKey) switch
        {
            (false, _) => ReplaceList(patch, schema),
            (true, null) => MergeSet(original, patch),
            (true, var key) => MergeByKey(original, patch, key, schema),
        };
        return new JsonArray(merged.Select(Own).ToArray());
    }

    private static List<JsonNode?> ReplaceList(JsonArray patch, SchemaNode? schema)
    {
        var replaced = new List<JsonNode?>(patch.Count);
        foreach (var element in patch)
        {
            if (element is null)
            {
                replaced.Add(null);
                continue;
            }

            var value = MergeValue(null, element, schema, out var deleted);
            if (!deleted)
            {
                replaced.Add(value);
            }
        }

        return replaced;
    }

    private static List<JsonNode?> MergeSet(JsonArray? original, JsonArray patch)
    {
        var merged = new List<JsonNode?>();
        foreach (var element in (original ?? []).Concat(patch))
        {
            if (!merged.Any(existing => JsonNode.DeepEquals(existing, element)))
            {
                merged.Add(element);
            }
        }

        return ListElementOrder.Arrange(merged, patch.ToList(), original?.ToList() ?? [], element => element);
    }

    private static List<JsonNode?> MergeByKey(JsonArray? original, JsonArray patch, string key, SchemaNode? schema)
    {
        var merged = (original ?? []).Select(element => (JsonNode?)ExpectMap(element)).ToList();
        var named = new List<JsonObject>(patch.Count);
        var replace = false;
        foreach (var element in patch.Select(ExpectMap))
        {
            switch (DirectiveOf(element))
            {
                case Delete:
                    var deleted = MergeKeyOf(element, key);
                    merged.RemoveAll(existing => JsonNode.DeepEquals(existing?[key], deleted));
                    break;
                case Replace:
                    replace = true;
                    break;
                default:
                    named.Add(element);
                    break;
            }
        }

        if (replace)
        {
            return named.Select(element => (JsonNode?)MergeMap(null, element, schema)).ToList();
        }

        var serverOrder = merged.Select(element => element?[key]).ToList();
        foreach (var element in named)
        {
            var identity = MergeKeyOf(element, key);
            var index = merged.FindIndex(existing => JsonNode.DeepEquals(existing?[key], identity));
            var mergedElement = MergeMap(index < 0 ? null : (JsonObject?)merged[index], element, schema);
            if (index < 0)
            {
                merged.Add(mergedElement);
            }
            else
            {
                merged[index] = mergedElement;
            }
        }

        return ListElementOrder.Arrange(merged, named.Select(element => element[key]).ToList(), serverOrder, element => element?[key]);
    }

    /// <summary>Applies <c>$setElementOrder/field</c> to the merged list of <c>field</c>.</summary>
    private static JsonArray Reorder(JsonArray merged, JsonArray? original, JsonArray order, JsonArray? patch, ListStrategy strategy)
    {
        Func<JsonNode?, JsonNode?> keyOf = strategy.MergeKey is { } key ? (element => element?[key]) : (element => element);
        if (strategy.MergeKey is { } mergeKey)
        {
            foreach (var element in order)
            {
                MergeKeyOf(ExpectMap(element), mergeKey);
            }
        }

        var orderKeys = order.Select(keyOf).ToList();
        if (patch is not null)
        {
            ListElementOrder.Validate(patch, order, orderKeys, keyOf);
        }

        var liveOrder = original?.Select(keyOf).ToList() ?? [];
        if (strategy.MergeKey is not null && patch is not null)
        {
            liveOrder = LiveOrderAfterKeyedMerge(liveOrder, patch, keyOf);
        }

        var elements = merged.ToList();
        merged.Clear();
        return new JsonArray(ListElementOrder.Arrange(elements, orderKeys, liveOrder, keyOf).ToArray());
    }

    private static List<JsonNode?> LiveOrderAfterKeyedMerge(List<JsonNode?> liveOrder, JsonArray patch, Func<JsonNode?, JsonNode?> keyOf)
    {
        var deleted = new List<JsonNode?>();
        var added = new List<JsonNode?>();
        var replaced = false;
        foreach (var element in patch.OfType<JsonObject>())
        {
            switch (DirectiveOf(element))
            {
                case Delete:
                    deleted.Add(keyOf(element));
                    break;
                case Replace:
                    replaced = true;
                    break;
                default:
                    added.Add(keyOf(element));
                    break;
            }
        }

        return ListElementOrder.LiveOrderAfterKeyedMerge(liveOrder, deleted, replaced ? null : added);
    }

    private static string? DirectiveOf(JsonObject map)
    {
        if (!map.TryGetPropertyValue(Patch, out var directive))
        {
            return null;
        }

        return directive is JsonValue value && value.TryGetValue(out string? name) && name is Delete or Replace or Merge
            ? name
            : throw PatchException.Invalid($"unknown patch type: {directive?.ToJsonString() ?? "null"} in map: {map.ToJsonString()}");
    }

    private static HashSet<string>? RetainedKeys(JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeys, out var directive))
        {
            return null;
        }

        if (directive is not JsonArray names || names.Any(name => name is not JsonValue value || !value.TryGetValue(out string? _)))
        {
            throw PatchException.BadRequest($"invalid patch format of retainKeys: {RetainKeys} must be a list of field names");
        }

        var retained = names.Select(name => name!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var unretained = patch
            .Where(member => member.Value is not null && !member.Key.StartsWith('$') && !retained.Contains(member.Key))
            .Select(member => member.Key)
            .FirstOrDefault();
        return unretained is null
            ? retained
            : throw PatchException.BadRequest($"invalid patch format of retainKeys: field {unretained} is not in {RetainKeys}");
    }

    /// <summary>Groups what the patch says about each field: its value, its element order and its deleted values.</summary>
    private static OrderedDictionary<string, FieldPatch> FieldPatches(JsonObject patch)
    {
        var fields = new OrderedDictionary<string, FieldPatch>(StringComparer.Ordinal);
        foreach (var (name, value) in patch)
        {
            if (name is Patch or RetainKeys)
            {
                continue;
            }

            if (TryDirectiveField(name, SetElementOrderPrefix, out var ordered))
            {
                Field(ordered).Order = value as JsonArray
                    ?? throw PatchException.BadRequest($"invalid patch format of setElementOrder list: {name} must be a list");
            }
            else if (TryDirectiveField(name, DeleteFromPrimitiveListPrefix, out var pruned))
            {
                Field(pruned).Deletions = value as JsonArray
                    ?? throw PatchException.BadRequest($"invalid patch format of primitive list: {name} must be a list");
            }
            else
            {
                var field = Field(name);
                field.HasValue = true;
                field.Value = value;
            }
        }

        return fields;

        FieldPatch Field(string name) => fields.TryGetValue(name, out var field) ? field : fields[name] = new FieldPatch();
    }

    private static bool TryDirectiveField(string name, string prefix, out string field)
    {
        field = string.Empty;
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var slash = prefix.Length;
        if (name.Length <= slash + 1 || name[slash] != '/')
        {
            var format = prefix == SetElementOrderPrefix ? "setElementOrder list" : "primitive list";
            throw PatchException.BadRequest($"invalid patch format of {format}: {name}");
        }

        field = name[(slash + 1)..];
        return true;
    }

    private static JsonObject ExpectMap(JsonNode? element) => element as JsonObject
        ?? throw PatchException.Invalid($"expected a map, but received {JsonShape.Describe(element)}: {element?.ToJsonString() ?? "null"}");

    private static JsonNode MergeKeyOf(JsonObject element, string key) => element[key]
        ?? throw PatchException.Invalid($"map: {element.ToJsonString()} does not contain declared merge key: {key}");

    private static void Put(JsonObject map, string name, (bool Present, JsonNode? Value) field)
    {
        if (field.Present)
        {
            map[name] = field.Value;
        }
    }

    /// <summary>A node the result can adopt: fresh nodes as they are, nodes still inside an input as copies.</summary>
    private static JsonNode? Own(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    private sealed class FieldPatch
    {
        public bool HasValue { get; set; }
        public JsonNode? Value { get; set; }
        public JsonArray? Order { get; set; }
        public JsonArray? Deletions { get; set; }
    }
}
