using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>Small JSON helpers the admission plugins share: defaulting a field, walking into objects.</summary>
internal static class AdmissionPluginJson
{
    /// <summary>Sets <paramref name="field"/> to <paramref name="value"/> unless it has a value.</summary>
    public static void Default(this JsonObject obj, string field, JsonNode value)
    {
        if (obj[field] is null) obj[field] = value;
    }

    /// <summary>The object at <paramref name="field"/>, created empty when absent.</summary>
    public static JsonObject Child(this JsonObject obj, string field)
    {
        if (obj[field] is JsonObject child) return child;
        child = [];
        obj[field] = child;
        return child;
    }

    public static IEnumerable<JsonObject> Objects(this JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>() : [];
}
