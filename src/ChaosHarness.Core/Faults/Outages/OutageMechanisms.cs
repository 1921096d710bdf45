using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Core.Faults.Outages;

/// <summary>
/// The zone and region outage mechanisms the experiment's providers registered, by cluster provider. One instance per
/// experiment, in its <see cref="ExperimentServices"/> (<see cref="For"/>).
/// </summary>
public sealed class OutageMechanisms
{
    private readonly Dictionary<ClusterProvider, IZoneOutageMechanism> _zones = [];
    private readonly Dictionary<ClusterProvider, IRegionOutageMechanism> _regions = [];

    /// <summary>The registry of <paramref name="services"/>, added on first use.</summary>
    public static OutageMechanisms For(ExperimentServices services)
    {
        if (services.Find<OutageMechanisms>() is { } existing)
        {
            return existing;
        }

        var created = new OutageMechanisms();
        services.Add(created);
        return created;
    }

    /// <param name="forProvider">The provider it serves, when not its own (a stand-in: plain Kubernetes for an embedded fleet without a control API).</param>
    public OutageMechanisms Add(IZoneOutageMechanism mechanism, ClusterProvider? forProvider = null)
    {
        _zones[forProvider ?? mechanism.Provider] = mechanism;
        return this;
    }

    public OutageMechanisms Add(IRegionOutageMechanism mechanism)
    {
        _regions[mechanism.Provider] = mechanism;
        return this;
    }

    public IRegionOutageMechanism? FindRegion(ClusterProvider provider) => _regions.GetValueOrDefault(provider);

    public IZoneOutageMechanism? FindZone(ClusterProvider provider) => _zones.GetValueOrDefault(provider);

    /// <summary>The zone mechanism for <paramref name="cluster"/>'s provider; a clear refusal, before any change, when none is registered.</summary>
    public IZoneOutageMechanism Zone(ClusterTarget cluster, string faultName)
        => FindZone(cluster.Provider) ?? throw new InvalidOperationException(
            $"{faultName}: cluster '{cluster.Name}' runs on {cluster.Provider} and no zone outage mechanism is registered for it " +
            $"(registered: {(_zones.Count == 0 ? "none" : string.Join(", ", _zones.Keys))}); register its provider (UseKubernetes(), UseAws(…), UseAzure(…)). Nothing was changed.");
}
