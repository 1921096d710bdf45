namespace ChaosHarness.Fleet.Rollouts.Model;

public sealed class CanaryStatus
{
    public RolloutAnalysisRunStatus? CurrentStepAnalysisRunStatus { get; set; }
    public RolloutAnalysisRunStatus? CurrentBackgroundAnalysisRunStatus { get; set; }

    /// <summary>How traffic is split: what the fleet's ingress controller routes by.</summary>
    public TrafficWeights? Weights { get; set; }
}
