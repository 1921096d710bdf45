namespace ChaosHarness.Fleet.Resources;

/// <summary>A kind of object the API server serves: where it lives in the REST tree and how it behaves.</summary>
public sealed record ResourceType
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public required bool Namespaced { get; init; }
    public string Singular => Kind.ToLowerInvariant();
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Has a <c>/status</c> subresource: the main resource ignores status, and spec changes bump the generation.</summary>
    public bool HasStatus { get; init; }

    /// <summary>Has a <c>/scale</c> subresource (autoscaling/v1 Scale over <c>spec.replicas</c>).</summary>
    public bool HasScale { get; init; }

    /// <summary>Fields usable in a field selector beyond <c>metadata.name</c> and <c>metadata.namespace</c>, as dotted JSON paths.</summary>
    public IReadOnlyList<string> FieldLabels { get; init; } = [];

    /// <summary>Extra subresources served beside status and scale (for example <c>eviction</c> on pods).</summary>
    public IReadOnlyList<SubresourceType> ExtraSubresources { get; init; } = [];

    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;

    public static IReadOnlyList<string> StandardVerbs { get; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>The name Kubernetes uses in messages, such as <c>deployments.apps</c> or <c>pods</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public bool IsFieldLabel(string field) =>
        field is "metadata.name" || (Namespaced && field is "metadata.namespace") || FieldLabels.Contains(field);

    public override string ToString() => GroupResource;
}
