namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// One cluster's API server: its URL, whether it answers (it hangs while its region is dark), and its API Priority and
/// Fairness levels.
/// </summary>
public sealed record ClusterApiState(string Name, string Region, string ApiUrl, bool ApiAnswering)
{
    public IReadOnlyList<PriorityLevelState> PriorityLevels { get; init; } = [];
}
