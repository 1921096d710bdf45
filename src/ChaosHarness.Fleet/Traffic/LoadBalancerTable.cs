namespace ChaosHarness.Fleet.Traffic;

/// <summary>
/// The load balancer's choice, precomputed: regions with their cumulative weights and the backends each may receive traffic
/// on. Immutable; rebuilt when health or weights change.
/// </summary>
internal sealed class LoadBalancerTable
{
    private readonly (int UpTo, LoadBalancerBackend[] Backends)[] _regions;

    public LoadBalancerTable(IEnumerable<(int Weight, LoadBalancerBackend[] Backends)> regions)
    {
        var list = new List<(int, LoadBalancerBackend[])>();
        var total = 0;
        foreach (var (weight, backends) in regions)
        {
            if (weight <= 0 || backends.Length == 0) continue;
            total += weight;
            list.Add((total, backends));
        }

        _regions = [.. list];
        TotalWeight = total;
    }

    public int TotalWeight { get; }

    public LoadBalancerBackend? Pick(ref Dice dice)
    {
        if (TotalWeight == 0) return null;
        var draw = dice.Next(TotalWeight);
        foreach (var (upTo, backends) in _regions)
        {
            if (draw < upTo) return backends.Length == 1 ? backends[0] : backends[dice.Next(backends.Length)];
        }

        return null;
    }
}
