using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>A JSON annotations object seen as a string dictionary, so annotation rules apply to models and JSON alike.</summary>
internal sealed class JsonAnnotations(JsonObject annotations) : IDictionary<string, string>
{
    public string this[string key]
    {
        get => (string?)annotations[key] ?? throw new KeyNotFoundException(key);
        set => annotations[key] = value;
    }

    public ICollection<string> Keys => [.. annotations.Select(p => p.Key)];
    public ICollection<string> Values => [.. annotations.Select(p => p.Value?.ToString() ?? "")];
    public int Count => annotations.Count;
    public bool IsReadOnly => false;

    public void Add(string key, string value) => annotations.Add(key, value);
    public void Add(KeyValuePair<string, string> item) => Add(item.Key, item.Value);
    public void Clear() => annotations.Clear();
    public bool Contains(KeyValuePair<string, string> item) => TryGetValue(item.Key, out var v) && v == item.Value;
    public bool ContainsKey(string key) => annotations.ContainsKey(key);
    public bool Remove(string key) => annotations.Remove(key);
    public bool Remove(KeyValuePair<string, string> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = annotations.TryGetPropertyValue(key, out var node) ? node?.ToString() : null;
        return value is not null;
    }

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex)
    {
        foreach (var pair in this) array[arrayIndex++] = pair;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        annotations.Select(p => KeyValuePair.Create(p.Key, p.Value?.ToString() ?? "")).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
