using System.Collections.Immutable;

namespace ChaosHarness.Fleet.Infrastructure;

/// <summary>
/// The simulated physical world under the clusters: which zones have power and network, which regions are reachable.
/// The failure physics change it; kubelets, the traffic router, health checks and API servers read it. Thread-safe.
/// </summary>
public sealed class FleetInfrastructure
{
    private ImmutableHashSet<string> _zonesWithoutPower = [];
    private ImmutableHashSet<string> _partitionedZones = [];
    private ImmutableHashSet<string> _darkRegions = [];

    /// <summary>Raised after any change, so that whoever depends on the world can react at once.</summary>
    public event Action? Changed;

    public bool HasPower(string zone) => !_zonesWithoutPower.Contains(zone);

    public bool IsPartitioned(string zone) => _partitionedZones.Contains(zone);

    public bool IsDark(string region) => _darkRegions.Contains(region);

    public IReadOnlyCollection<string> ZonesWithoutPower => _zonesWithoutPower;

    public IReadOnlyCollection<string> PartitionedZones => _partitionedZones;

    public IReadOnlyCollection<string> DarkRegions => _darkRegions;

    public void SetPower(string zone, bool on) => Change(ref _zonesWithoutPower, zone, !on);

    public void SetPartitioned(string zone, bool partitioned) => Change(ref _partitionedZones, zone, partitioned);

    public void SetDark(string region, bool dark) => Change(ref _darkRegions, region, dark);

    private void Change(ref ImmutableHashSet<string> set, string item, bool member)
    {
        ImmutableInterlocked.Update(ref set, s => member ? s.Add(item) : s.Remove(item));
        Changed?.Invoke();
    }
}
