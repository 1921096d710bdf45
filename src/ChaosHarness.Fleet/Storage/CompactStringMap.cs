using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// A small read-only string map held as two arrays and searched linearly: for the handful of labels and field values every
/// stored object carries, far lighter than a hashed dictionary. Null values mean "absent"; the key array may be shared by
/// every object of a kind.
/// </summary>
public sealed class CompactStringMap : IReadOnlyDictionary<string, string>
{
    public static CompactStringMap Empty { get; } = new([], []);

    private readonly string[] _keys;
    private readonly string?[] _values;

    public CompactStringMap(string[] keys, string?[] values)
    {
        if (keys.Length != values.Length) throw new ArgumentException("Keys and values must pair up.", nameof(values));
        _keys = keys;
        _values = values;
        Count = values.Count(v => v is not null);
    }

    public int Count { get; }

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(p => p.Key);

    public IEnumerable<string> Values => this.Select(p => p.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_values[i] is { } found && string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                value = found;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            if (_values[i] is { } value) yield return KeyValuePair.Create(_keys[i], value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
