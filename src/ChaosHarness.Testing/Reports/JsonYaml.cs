using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace ChaosHarness.Testing;

/// <summary>A Kubernetes object as <c>kubectl get -o yaml</c> would show it (without managedFields, which nobody reads).</summary>
internal static class JsonYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static string Format(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        return Serializer.Serialize(Plain(copy));
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var whole) => whole,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => node.ToJsonString(),
    };
}
