namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class PrometheusMetric
{
    public string? Address { get; set; }
    public string? Query { get; set; }
}
