namespace ChaosHarness.Cloud.Tests.Arm;

/// <summary>A scale set the fake ARM endpoint serves: its tags, zones, and each instance's zone and power state.</summary>
public sealed class FakeScaleSet(string name, IReadOnlyDictionary<string, string> tags, IReadOnlyList<string> zones)
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Tags { get; } = tags;

    public IReadOnlyList<string> Zones { get; } = zones;

    /// <summary>Instance id → (Azure zone, power state code such as <c>PowerState/running</c>).</summary>
    public SortedDictionary<string, (string Zone, string PowerState)> Instances { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> InstancesIn(string zone) => Instances.Where(i => i.Value.Zone == zone).Select(i => i.Key);
}
