namespace ChaosHarness.Fleet.Api.Http;

/// <summary>What each Table row carries beside its cells (the <c>includeObject</c> query parameter).</summary>
internal enum TableObjectPolicy
{
    /// <summary>A PartialObjectMetadata: what <c>kubectl get -L</c> reads labels from. The default.</summary>
    Metadata,

    /// <summary>The whole object, as <c>kubectl get --sort-by</c> asks.</summary>
    Object,

    None,
}
