using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Core.Faults.Outages;

/// <summary>
/// A provider that can lose a whole region at once (the embedded fleet's region outage: machines and API servers).
/// Providers without one lose a region as the outage of every zone of each of its clusters.
/// </summary>
public interface IRegionOutageMechanism
{
    ClusterProvider Provider { get; }

    string Method { get; }

    /// <summary>Plans the loss of <paramref name="region"/>, every cluster of which runs on <see cref="Provider"/>. Reads only.</summary>
    ValueTask<FaultPlan> PlanAsync(FaultContext context, Region region, string faultName, CancellationToken cancellationToken);
}
