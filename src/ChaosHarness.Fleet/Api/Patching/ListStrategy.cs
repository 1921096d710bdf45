namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// How a strategic merge patch combines a list field with the live list: the Go struct tags
/// <c>patchStrategy:"merge" patchMergeKey:"…"</c> of the Kubernetes API types.
/// </summary>
public sealed record ListStrategy
{
    private ListStrategy(bool merges, string? mergeKey)
    {
        Merges = merges;
        MergeKey = mergeKey;
    }

    /// <summary>The patch's list replaces the live list: the default for lists without a patch strategy.</summary>
    public static ListStrategy Replace { get; } = new(merges: false, mergeKey: null);

    /// <summary>A list of primitives merged as a set, such as <c>metadata.finalizers</c>.</summary>
    public static ListStrategy MergeSet { get; } = new(merges: true, mergeKey: null);

    public bool Merges { get; }

    /// <summary>The member identifying an element of a merged list of maps; null for a replaced list or a set.</summary>
    public string? MergeKey { get; }

    /// <summary>A list of maps merged element by element, elements matched on <paramref name="mergeKey"/>.</summary>
    public static ListStrategy MergeByKey(string mergeKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(mergeKey);
        return new ListStrategy(merges: true, mergeKey);
    }

    public override string ToString() => (Merges, MergeKey) switch
    {
        (false, _) => "replace",
        (true, null) => "merge",
        (true, var key) => $"merge on {key}",
    };
}
