namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary><c>status.canary.weights</c>: the share of traffic each version gets, by pod-template hash.</summary>
public sealed class TrafficWeights
{
    public WeightDestination Canary { get; set; } = new();
    public WeightDestination Stable { get; set; } = new();
    public bool? Verified { get; set; }
}
