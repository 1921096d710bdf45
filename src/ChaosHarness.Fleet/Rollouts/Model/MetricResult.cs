namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>What one metric of a run has measured so far, and its phase.</summary>
public sealed class MetricResult
{
    public string Name { get; set; } = "";
    public string? Phase { get; set; }
    public List<Measurement> Measurements { get; set; } = [];
    public string? Message { get; set; }
    public int Count { get; set; }
    public int Successful { get; set; }
    public int Failed { get; set; }
    public int Inconclusive { get; set; }
    public int Error { get; set; }
    public int ConsecutiveError { get; set; }
}
