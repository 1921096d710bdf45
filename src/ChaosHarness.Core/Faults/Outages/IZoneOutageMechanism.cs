using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Core.Faults.Outages;

/// <summary>
/// How one kind of cluster loses a zone: the embedded fleet cuts the zone's power, a cloud stops its machines, plain
/// Kubernetes can only emulate it. Registered by each provider package in <see cref="OutageMechanisms"/>; the
/// provider-neutral zone and region outages pick the one for the target cluster's <see cref="ClusterTarget.Provider"/>.
/// </summary>
public interface IZoneOutageMechanism
{
    ClusterProvider Provider { get; }

    /// <summary>How the outage is made, for the fault's name: "zone power loss", "emulated: cordon + NoExecute taint".</summary>
    string Method { get; }

    /// <summary>Plans the loss of <paramref name="zones"/> of <paramref name="cluster"/> (null: every zone of it). Reads only.</summary>
    ValueTask<FaultPlan> PlanAsync(FaultContext context, ClusterTarget cluster, IReadOnlyList<string>? zones, string faultName, CancellationToken cancellationToken);
}
