using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// Reads and writes the Argo kinds as the Argo controllers marshal them: camelCase, empty and zero fields left out (Go's
/// <c>omitempty</c>), timestamps as RFC 3339 seconds.
/// </summary>
public static class ArgoJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new KubernetesTimeJsonConverter() },
    };

    public static T Read<T>(StoredObject stored) => JsonSerializer.Deserialize<T>(stored.Json.Span, Options)
        ?? throw new JsonException($"{stored.Type.Kind} {stored.Name} is empty");

    public static T Read<T>(JsonNode node) => node.Deserialize<T>(Options) ?? throw new JsonException($"cannot read {typeof(T).Name}");

    public static JsonObject Write<T>(T model) => JsonSerializer.SerializeToNode(model, Options)!.AsObject();

    private sealed class KubernetesTimeJsonConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            KubernetesTime.Parse(reader.GetString()) ?? throw new JsonException($"not a timestamp: {reader.GetString()}");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(KubernetesTime.Format(value));
    }
}
