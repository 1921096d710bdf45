namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class RolloutCondition
{
    public string Type { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset LastUpdateTime { get; set; }
    public DateTimeOffset LastTransitionTime { get; set; }
    public string? Reason { get; set; }
    public string? Message { get; set; }

    public RolloutCondition Copy() => (RolloutCondition)MemberwiseClone();
}
