using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

/// <summary>The JSON shape of the results format: camelCase, nulls left out.</summary>
public static class AllureJson
{
    public static JsonSerializerOptions WriterOptions(SecretRedactor secrets) => new(ReaderOptions)
    {
        WriteIndented = true,
        Converters = { new RedactingStringConverter(secrets) },
    };

    public static JsonSerializerOptions ReaderOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
