using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>Names the shape of a JSON value for error messages, in the words the API server uses ("a map", "a list").</summary>
internal static class JsonShape
{
    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "a map",
        JsonArray => "a list",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a bool",
            _ => "null",
        },
    };
}
