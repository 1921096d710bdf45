namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>How many metrics of a run ended in each phase.</summary>
public sealed class RunSummary
{
    public int Count { get; set; }
    public int Successful { get; set; }
    public int Failed { get; set; }
    public int Inconclusive { get; set; }
    public int Error { get; set; }
}
