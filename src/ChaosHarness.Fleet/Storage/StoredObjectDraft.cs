using System.Globalization;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// An object version serialized and indexed but not yet given its resource version: the store prepares drafts outside its
/// lock and stamps them inside, so that writes do not queue behind each other's serialization.
/// </summary>
public sealed class StoredObjectDraft
{
    internal const string Placeholder = "rv-placeholder-7c1f3a9d5e2b";
    private static readonly byte[] QuotedPlaceholder = "\"rv-placeholder-7c1f3a9d5e2b\""u8.ToArray();

    private readonly byte[] _json;
    private readonly int _placeholderAt;
    private readonly Func<byte[], long, StoredObject> _build;

    internal StoredObjectDraft(ObjectKey key, byte[] json, Func<byte[], long, StoredObject> build)
    {
        Key = key;
        _json = json;
        _placeholderAt = json.AsSpan().IndexOf(QuotedPlaceholder);
        if (_placeholderAt < 0) throw new ArgumentException("The serialized object lost its resource version placeholder.", nameof(json));
        _build = build;
    }

    public ObjectKey Key { get; }

    /// <summary>The finished version: the JSON with <paramref name="resourceVersion"/> in place of the placeholder.</summary>
    public StoredObject Stamp(long resourceVersion)
    {
        var version = "\"" + resourceVersion.ToString(CultureInfo.InvariantCulture) + "\"";
        var stamped = new byte[_json.Length - QuotedPlaceholder.Length + version.Length];
        _json.AsSpan(0, _placeholderAt).CopyTo(stamped);
        var written = System.Text.Encoding.ASCII.GetBytes(version, stamped.AsSpan(_placeholderAt));
        _json.AsSpan(_placeholderAt + QuotedPlaceholder.Length).CopyTo(stamped.AsSpan(_placeholderAt + written));
        return _build(stamped, resourceVersion);
    }
}
