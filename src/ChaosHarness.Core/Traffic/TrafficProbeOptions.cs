namespace ChaosHarness.Core.Traffic;

public sealed record TrafficProbeOptions
{
    /// <summary>Requests per fleet second.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>A request that takes longer (fleet time) counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);


    /// <summary>At most this many requests in flight; a tick that finds them all busy records a failure.</summary>
    public int MaxInFlight { get; init; } = 32;

    public string RegionHeader { get; init; } = "X-Served-Region";

    public string ZoneHeader { get; init; } = "X-Served-Zone";

    public string ClusterHeader { get; init; } = "X-Served-Cluster";

    public string VersionHeader { get; init; } = "X-Served-Version";
}
