namespace ChaosHarness.Kube.Access;

public enum PatchKind
{
    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,

    /// <summary><c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,
}
