using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosHarness.Core.Observation;

/// <summary>Reads dotted paths ("status.canary.weights.canary.weight") out of an object's JSON.</summary>
public static class JsonPaths
{
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(this JsonNode? node, string path)
        => node.At(path) is JsonValue v
            ? v.GetValueKind() switch
            {
                JsonValueKind.String => v.GetValue<string>(),
                JsonValueKind.Number => v.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    public static long? Long(this JsonNode? node, string path)
        => node.Str(path) is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static bool? Bool(this JsonNode? node, string path)
        => node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string path)
        => node.At(path) is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>The condition of the given type from <c>status.conditions</c>, if any.</summary>
    public static JsonObject? Condition(this JsonNode? node, string type)
        => node.Objects("status.conditions").FirstOrDefault(c => c.Str("type") == type);
}
