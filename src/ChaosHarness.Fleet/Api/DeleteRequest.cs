namespace ChaosHarness.Fleet.Api;

/// <summary>A delete's options, as DeleteOptions or the query string carries them.</summary>
public sealed record DeleteRequest(
    DeletionPropagation Propagation = DeletionPropagation.Background,
    long? GracePeriodSeconds = null,
    long? ExpectedResourceVersion = null,
    string? ExpectedUid = null,
    bool DryRun = false);
