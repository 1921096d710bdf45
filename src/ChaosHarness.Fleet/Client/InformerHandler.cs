namespace ChaosHarness.Fleet.Client;

/// <summary>What a controller wants to hear from an informer. Called on the informer's own loop: enqueue work, never block.</summary>
public sealed class InformerHandler<T>
{
    public Action<Cached<T>>? Added { get; init; }
    public Action<Cached<T>, Cached<T>>? Updated { get; init; }
    public Action<Cached<T>>? Deleted { get; init; }

    /// <summary>One callback for any change; receives the newest version (the last one for a deletion).</summary>
    public static InformerHandler<T> OnAnyChange(Action<Cached<T>> changed) => new()
    {
        Added = changed,
        Updated = (_, now) => changed(now),
        Deleted = changed,
    };
}
