using System.Text.Json.Serialization;

namespace ChaosHarness.Reporting.Allure;

[JsonConverter(typeof(JsonStringEnumConverter<Stage>))]
public enum Stage
{
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("finished")] Finished,
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("interrupted")] Interrupted,
}
