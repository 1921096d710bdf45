namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// One API Priority and Fairness priority level of a cluster's API server: its nominal seats (0 for exempt levels and
/// jails), the seats its requests hold now, and how many requests it has refused (429) so far.
/// </summary>
public sealed record PriorityLevelState(string Name, bool Exempt, int NominalSeats, int SeatsInUse, long RejectedRequests);
