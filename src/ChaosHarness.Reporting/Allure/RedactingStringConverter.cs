using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

/// <summary>Blanks secrets out of every string value as it is serialised, before any JSON escaping can disguise it.</summary>
internal sealed class RedactingStringConverter(SecretRedactor secrets) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(secrets.Redact(value));
}
