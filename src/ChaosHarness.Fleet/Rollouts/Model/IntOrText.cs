using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// A field Argo types as intstr.IntOrString: a number, or text such as <c>"10m"</c>, <c>"25%"</c> or <c>"{{args.count}}"</c>.
/// </summary>
[JsonConverter(typeof(IntOrTextJsonConverter))]
public readonly record struct IntOrText(int? Number, string? Text)
{
    public static IntOrText Of(int number) => new(number, null);

    public static IntOrText Of(string text) => new(null, text);

    /// <summary>The value as a whole number: the number, or text that is one.</summary>
    public int? AsInt() =>
        Number ?? (int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null);

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? "";
}

internal sealed class IntOrTextJsonConverter : JsonConverter<IntOrText>
{
    public override IntOrText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => IntOrText.Of(reader.GetInt32()),
        JsonTokenType.String => IntOrText.Of(reader.GetString()!),
        _ => throw new JsonException($"expected a number or a string, got {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, IntOrText value, JsonSerializerOptions options)
    {
        if (value.Number is { } number) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value.Text ?? "");
    }
}
