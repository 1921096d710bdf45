namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class Measurement
{
    public string? Phase { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Value { get; set; }
}
