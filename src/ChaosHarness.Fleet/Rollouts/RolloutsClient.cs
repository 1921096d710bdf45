using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The argo-rollouts controller's way to its cluster's API: every call under its service account through a
/// <see cref="ClusterClient"/>, which waits out a 429's Retry-After as client-go does. With the
/// <see cref="FleetDefect.RolloutIgnoresRetryAfter"/> defect on, each call is made once and a 429 is thrown at the caller.
/// </summary>
internal sealed class RolloutsClient
{
    private readonly ClusterClient _client;
    private readonly FleetDefects _defects;

    public RolloutsClient(ClusterClient client, FleetDefects defects)
    {
        _client = client;
        _defects = defects;
    }

    public ClusterClient Inner => _client;

    public ApiCaller Caller => _client.Caller;

    public Task<StoredObject> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) =>
        SendAsync(() => _client.Api.Get(Caller, type, ns, name), cancellationToken);

    public Task<StoredObject> CreateAsync(ResourceType type, string ns, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(() => _client.Api.Create(Caller, type, ns, Fresh(body)), cancellationToken);

    /// <summary>PUT guarded by the resource version the body carries: a stale write fails with 409 and the reconcile is retried.</summary>
    public Task<StoredObject> ReplaceAsync(ResourceType type, JsonObject body, CancellationToken cancellationToken, string? subresource = null)
    {
        var metadata = body["metadata"]!;
        return SendAsync(() => _client.Api.Replace(Caller, type, (string?)metadata["namespace"], (string)metadata["name"]!, Fresh(body), subresource),
            cancellationToken);
    }

    public Task<StoredObject> PatchAsync(ResourceType type, string? ns, string name, PatchType patchType, JsonNode patch,
        CancellationToken cancellationToken, string? subresource = null)
    {
        var bytes = Encoding.UTF8.GetBytes(patch.ToJsonString());
        return SendAsync(() => _client.Api.Patch(Caller, type, ns, name, patchType, bytes, subresource), cancellationToken);
    }

    public async Task DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(() => _client.Api.Delete(Caller, type, ns, name, new DeleteRequest()), cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private Task<StoredObject> SendAsync(Func<StoredObject> call, CancellationToken cancellationToken) =>
        _defects.IsOn(FleetDefect.RolloutIgnoresRetryAfter) ? Task.FromResult(call()) : _client.SendAsync(call, cancellationToken);

    private static JsonObject Fresh(JsonObject body) => JsonNode.Parse(body.ToJsonString())!.AsObject();
}
