namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>A step that sizes the canary apart from its traffic weight.</summary>
public sealed class SetCanaryScale
{
    public int? Weight { get; set; }
    public int? Replicas { get; set; }
    public bool MatchTrafficWeight { get; set; }
}
