namespace ChaosHarness.Cloud;

/// <summary>The tag that marks a cluster's machines: a key, and optionally the one value it must have.</summary>
public sealed record ClusterTag(string Key, string? Value)
{
    /// <summary>Reads <c>key</c> or <c>key=value</c>.</summary>
    public static ClusterTag Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? new ClusterTag(text, null) : new ClusterTag(text[..equals], text[(equals + 1)..]);
    }

    public bool Matches(IEnumerable<KeyValuePair<string, string>> tags)
        => tags.Any(t => t.Key == Key && (Value is null || t.Value == Value));

    public override string ToString() => Value is null ? Key : $"{Key}={Value}";
}
