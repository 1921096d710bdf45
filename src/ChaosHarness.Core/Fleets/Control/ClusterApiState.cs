namespace ChaosHarness.Core.Fleets.Control;

/// <summary>One cluster's API server: its URL and whether it answers (it hangs while its region is dark).</summary>
public sealed record ClusterApiState(string Name, string Region, string ApiUrl, bool ApiAnswering);
