namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>An argument a rollout passes to its analysis: a value, or one taken from the rollout itself.</summary>
public sealed class AnalysisRunArgument
{
    public string Name { get; set; } = "";
    public string? Value { get; set; }
    public ArgumentValueFrom? ValueFrom { get; set; }
}
