using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

[JsonConverter(typeof(JsonStringEnumConverter<ParameterMode>))]
public enum ParameterMode
{
    [JsonStringEnumMemberName("default")] Default,
    /// <summary>Shown as asterisks. A masked parameter's value is never written: see <see cref="Parameter.Secret"/>.</summary>
    [JsonStringEnumMemberName("masked")] Masked,
    [JsonStringEnumMemberName("hidden")] Hidden,
}
