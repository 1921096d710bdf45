using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

/// <summary>How a test, step or fixture ended, in Allure's four words.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Status>))]
public enum Status
{
    [JsonStringEnumMemberName("passed")] Passed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("broken")] Broken,
    [JsonStringEnumMemberName("skipped")] Skipped,
}
