using System.Globalization;
using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>Reading fields of an object's JSON by path, absent fields and wrong types reading as null.</summary>
internal static class JsonElementPaths
{
    public static JsonElement? At(this JsonElement element, params ReadOnlySpan<string> path)
    {
        var current = element;
        foreach (var segment in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current)) return null;
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? StringAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public static long? NumberAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    public static bool IsTrueAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonElement> ArrayAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<JsonProperty> PropertiesAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.At(path) is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject() : [];

    public static DateTimeOffset? TimeAt(this JsonElement element, params ReadOnlySpan<string> path) =>
        element.StringAt(path) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
