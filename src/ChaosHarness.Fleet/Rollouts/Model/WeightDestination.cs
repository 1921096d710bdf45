using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed record WeightDestination
{
    /// <summary>Percent of traffic; written even when 0, as Argo does.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Weight { get; set; }

    public string? ServiceName { get; set; }
    public string? PodTemplateHash { get; set; }
}
