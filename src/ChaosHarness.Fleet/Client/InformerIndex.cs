using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Client;

/// <summary>One secondary index of an informer: index value → keys of the objects found under it.</summary>
internal sealed class InformerIndex<T>(Func<Cached<T>, IEnumerable<string>> valuesOf)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<ObjectKey>> _keys = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ObjectKey> Keys(string value)
    {
        lock (_gate) return _keys.TryGetValue(value, out var set) ? [.. set] : [];
    }

    public void Update(Cached<T>? before, Cached<T>? after)
    {
        var old = before is null ? [] : valuesOf(before).ToHashSet(StringComparer.Ordinal);
        var now = after is null ? [] : valuesOf(after).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var value in old)
            {
                if (now.Contains(value) || !_keys.TryGetValue(value, out var set)) continue;
                set.Remove(before!.Key);
                if (set.Count == 0) _keys.Remove(value);
            }

            foreach (var value in now)
            {
                if (!_keys.TryGetValue(value, out var set)) _keys[value] = set = [];
                set.Add(after!.Key);
            }
        }
    }
}
