namespace ChaosHarness.Core.Fleets;

/// <summary>
/// Where a cluster's machines live in its cloud: enough for a cloud-level fault to find them.
/// AWS uses <see cref="AccountId"/>, <see cref="CloudRegion"/> and optionally <see cref="Profile"/>;
/// Azure uses <see cref="SubscriptionId"/> and <see cref="ResourceGroup"/>.
/// </summary>
/// <param name="Endpoint">Overrides the cloud API endpoint (an emulator, a throttling proxy); null: the cloud's own.</param>
/// <param name="ClusterTag">
/// The tag that marks the cluster's machines, as <c>key</c> (any value) or <c>key=value</c>;
/// null: the provider's convention for the cluster's name.
/// </param>
public sealed record CloudAccount(
    string? AccountId = null,
    string? CloudRegion = null,
    string? Profile = null,
    string? SubscriptionId = null,
    string? ResourceGroup = null,
    Uri? Endpoint = null,
    string? ClusterTag = null);
