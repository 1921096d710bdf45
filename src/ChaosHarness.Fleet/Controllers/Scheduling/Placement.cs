namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>Where one pod sits, with what it asks and the labels that spreading counts it by.</summary>
internal sealed record Placement(string Node, PodRequests Requests, PodRequests NonZeroRequests, IReadOnlyDictionary<string, string> Labels,
    bool Terminating, bool Assumed);
