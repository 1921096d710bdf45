namespace ChaosHarness.Core.Fleets;

/// <summary>
/// Where a cluster's machines live in its cloud: enough for a cloud-level fault to find them.
/// AWS uses <see cref="AccountId"/>, <see cref="CloudRegion"/> and optionally <see cref="Profile"/>;
/// Azure uses <see cref="SubscriptionId"/> and <see cref="ResourceGroup"/>.
/// </summary>
public sealed record CloudAccount(
    string? AccountId = null,
    string? CloudRegion = null,
    string? Profile = null,
    string? SubscriptionId = null,
    string? ResourceGroup = null);
