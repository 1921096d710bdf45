using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class RolloutStrategy
{
    public CanaryStrategy? Canary { get; set; }

    /// <summary>Read only to report that blue-green is not supported by the fleet's controller.</summary>
    public JsonObject? BlueGreen { get; set; }
}
