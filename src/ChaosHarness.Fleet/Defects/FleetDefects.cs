using System.Collections.Immutable;

namespace ChaosHarness.Fleet.Defects;

/// <summary>Which seeded defects are switched on in a fleet. Read by the controllers they break; thread-safe.</summary>
public sealed class FleetDefects
{
    private ImmutableHashSet<string> _active = [];

    public FleetDefects(IEnumerable<FleetDefect>? active = null)
    {
        foreach (var defect in active ?? []) SwitchOn(defect);
    }

    public bool IsOn(FleetDefect defect) => _active.Contains(defect.Name);

    public IReadOnlyCollection<string> Active => _active;

    public void SwitchOn(FleetDefect defect) => ImmutableInterlocked.Update(ref _active, set => set.Add(defect.Name));

    public void SwitchOff(FleetDefect defect) => ImmutableInterlocked.Update(ref _active, set => set.Remove(defect.Name));
}
