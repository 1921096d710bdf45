namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>The phases of AnalysisRuns, metrics and measurements, and which of them is worse.</summary>
public static class AnalysisPhase
{
    public const string Pending = "Pending";
    public const string Running = "Running";
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string Error = "Error";
    public const string Inconclusive = "Inconclusive";

    private static readonly string[] FromBestToWorst = [Pending, Running, Successful, Inconclusive, Error, Failed];

    public static bool IsCompleted(string? phase) => phase is Successful or Failed or Error or Inconclusive;

    public static bool IsWorse(string current, string candidate) =>
        Array.IndexOf(FromBestToWorst, candidate) > Array.IndexOf(FromBestToWorst, current);
}
