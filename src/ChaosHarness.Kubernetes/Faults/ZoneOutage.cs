using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Faults.Outages;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A zone of a cluster is lost, the way the cluster's provider can lose it: the embedded fleet cuts the zone's power,
/// AWS and Azure stop its machines, a plain Kubernetes cluster can only emulate it (cordon + <c>NoExecute</c> taint of
/// the zone's nodes). The mechanism is chosen from the target cluster's provider among those registered in the
/// experiment (<see cref="OutageMechanisms"/>) and named once planned: "zone outage of eu-west-1a in eu-west-1 (zone power loss)".
/// </summary>
public sealed class ZoneOutage : IFault
{
    public const string ZoneLabel = KubernetesZoneOutage.ZoneLabel;

    private readonly string _zone;
    private readonly bool _emulated;
    private string? _method;

    public ZoneOutage(string cluster, string zone)
        : this(cluster, zone, emulated: false)
    {
    }

    private ZoneOutage(string cluster, string zone, bool emulated)
    {
        _zone = zone;
        _emulated = emulated;
        Target = new FaultTarget(cluster, Zones: [zone]);
    }

    /// <summary>The zone outage emulated with Kubernetes alone (cordon + <c>NoExecute</c> taint), whatever the cluster's provider.</summary>
    public static ZoneOutage Emulated(string cluster, string zone) => new(cluster, zone, emulated: true);

    public string Name => $"zone outage of {_zone} in {Target.Cluster}{(_method is null ? (_emulated ? $" ({KubernetesZoneOutage.EmulatedMethod})" : "") : $" ({_method})")}";

    public FaultTarget Target { get; }

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var cluster = context.Fleet.Cluster(Target.Cluster!);
        var mechanism = _emulated
            ? context.Services.Require<KubernetesZoneOutage>()
            : OutageMechanisms.For(context.Services).Zone(cluster, Name);
        _method = mechanism.Method;
        return await mechanism.PlanAsync(context, cluster, [_zone], Name, cancellationToken).ConfigureAwait(false);
    }
}
