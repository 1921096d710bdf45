using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// One object in an informer's cache: the stored version and its typed model. The model is shared by every controller of the
/// cluster and must not be changed; to write, start from <see cref="StoredObject.ToJsonObject"/> or a fresh model.
/// </summary>
public sealed record Cached<T>(StoredObject Object, T Model)
{
    public ObjectKey Key => Object.Key;
    public string Name => Object.Name;
    public string? Namespace => Object.Namespace;
}
