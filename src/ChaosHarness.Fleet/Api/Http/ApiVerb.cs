namespace ChaosHarness.Fleet.Api.Http;

/// <summary>The Kubernetes verb of a resource request, as authorization and API Priority and Fairness name them.</summary>
internal enum ApiVerb
{
    Get,
    List,
    Watch,
    Create,
    Update,
    Patch,
    Delete,
    DeleteCollection,
}
