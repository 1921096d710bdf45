using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>Small JSON helpers the admission plugins share: defaulting a field, walking into objects.</summary>
internal static class AdmissionPluginJson
{
    /// <summary>Sets <paramref name="field"/> to <paramref name="value"/> unless it has a value.</summary>
    public static void Default(this JsonObject obj, string field, JsonNode value)
    {
        // Re-parsed, the value reads back as any numeric type, as values that came over the wire do.
        if (obj[field] is null) obj[field] = JsonNode.Parse(value.ToJsonString());
    }

    /// <summary>The object at <paramref name="field"/>, created empty when absent.</summary>
    public static JsonObject Child(this JsonObject obj, string field)
    {
        if (obj[field] is JsonObject child) return child;
        child = [];
        obj[field] = child;
        return child;
    }

    /// <summary>A JSON integer, whichever numeric type the node holds.</summary>
    public static long? AsLong(this JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<double>(out var d) => (long)d,
        _ => null,
    };

    public static IEnumerable<JsonObject> Objects(this JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>() : [];
}
