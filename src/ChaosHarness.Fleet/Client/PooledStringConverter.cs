using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Client;

/// <summary>Reads JSON strings (values and dictionary keys) through the <see cref="StringPool"/>.</summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Pooled(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Pooled(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string Pooled(ref Utf8JsonReader reader) =>
        reader.HasValueSequence || reader.ValueIsEscaped ? StringPool.Intern(reader.GetString()!) : StringPool.Intern(reader.ValueSpan);
}
