namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class AnalysisRunStatus
{
    public string? Phase { get; set; }
    public string? Message { get; set; }
    public List<MetricResult>? MetricResults { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public RunSummary? RunSummary { get; set; }

    public MetricResult? Result(string metric) => MetricResults?.FirstOrDefault(r => r.Name == metric);
}
