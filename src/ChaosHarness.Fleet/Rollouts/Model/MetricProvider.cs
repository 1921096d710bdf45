using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// Where a metric's value comes from. The fleet measures <see cref="Fleet"/> metrics from its own traffic; a
/// <see cref="Prometheus"/> metric is accepted so that real-world templates load, its query ignored and read as the success
/// rate of the version under analysis. Any other provider fails its measurements with an error.
/// </summary>
public sealed class MetricProvider
{
    public FleetMetric? Fleet { get; set; }
    public PrometheusMetric? Prometheus { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Others { get; set; }
}
