namespace ChaosHarness.Fleet.Rollouts.Model;

public static class PauseReasons
{
    public const string CanaryPauseStep = "CanaryPauseStep";
    public const string InconclusiveAnalysis = "InconclusiveAnalysisRun";
}
