namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>Why the controller paused the rollout, and since when (a timed pause expires from <see cref="StartTime"/>).</summary>
public sealed class PauseCondition
{
    public string Reason { get; set; } = "";
    public DateTimeOffset StartTime { get; set; }
}
