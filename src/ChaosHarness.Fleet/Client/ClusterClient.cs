using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// How a controller talks to its cluster's API: every call goes through <see cref="ClusterApi"/> under the controller's own
/// identity, and a 429 that carries Retry-After is waited out on the fleet clock and retried, as client-go does (up to 10 times).
/// </summary>
public sealed class ClusterClient
{
    public const int MaxThrottledRetries = 10;
    private const int ConflictRetries = 5;

    public ClusterClient(ClusterApi api, TimeProvider clock, ApiCaller caller)
    {
        Api = api;
        Clock = clock;
        Caller = caller;
    }

    public ClusterApi Api { get; }
    public TimeProvider Clock { get; }
    public ApiCaller Caller { get; }

    public Task<StoredObject> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken) =>
        SendAsync(() => Api.Get(Caller, type, ns, name), cancellationToken);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<StoredObject?> FindAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(type, ns, name, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    public Task<StoredObject> CreateAsync(ResourceType type, string? ns, JsonObject body, CancellationToken cancellationToken) =>
        SendAsync(() => Api.Create(Caller, type, ns, AsSent(body)), cancellationToken);

    public Task<StoredObject> CreateAsync<T>(ResourceType type, T model, CancellationToken cancellationToken) where T : class =>
        CreateAsync(type, (string?)null, ToJson(model), cancellationToken);

    /// <summary>PUT of a whole object (or its <paramref name="subresource"/>), guarded by the resource version it carries.</summary>
    public Task<StoredObject> ReplaceAsync(ResourceType type, JsonObject body, CancellationToken cancellationToken, string? subresource = null)
    {
        var name = (string?)body["metadata"]?["name"] ?? throw new ArgumentException("The object has no name.", nameof(body));
        var ns = (string?)body["metadata"]?["namespace"];
        return SendAsync(() => Api.Replace(Caller, type, ns, name, AsSent(body), subresource), cancellationToken);
    }

    /// <summary>
    /// Read-modify-write: applies <paramref name="mutate"/> to a copy of <paramref name="basis"/> and writes it back, guarded by
    /// its resource version. <paramref name="mutate"/> returns false when there is nothing to change, and then nothing is written
    /// (the result is null). A vanished object gives null too. On a conflict, with <paramref name="retryOnConflict"/> the latest
    /// version is read and mutated again (for mutations that depend only on the object); without, the 409 is thrown, as a
    /// controller that computed its change from a stale cache must requeue rather than write it.
    /// </summary>
    public async Task<StoredObject?> UpdateAsync(StoredObject basis, Func<JsonObject, bool> mutate, CancellationToken cancellationToken,
        string? subresource = null, bool retryOnConflict = true)
    {
        var current = basis;
        for (var attempt = 0; ; attempt++)
        {
            var body = current.ToJsonObject();
            if (!mutate(body)) return null;
            try
            {
                return await ReplaceAsync(current.Type, body, cancellationToken, subresource).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 409 && retryOnConflict && attempt < ConflictRetries)
            {
                var latest = await FindAsync(current.Type, current.Namespace, current.Name, cancellationToken).ConfigureAwait(false);
                if (latest is null || latest.Uid != basis.Uid) return null;
                current = latest;
            }
            catch (ApiException e) when (e.Code == 404)
            {
                return null;
            }
        }
    }

    /// <summary>Edits the <c>status</c> of <paramref name="basis"/> as a typed model, through the status subresource.</summary>
    public Task<StoredObject?> UpdateStatusAsync<TStatus>(StoredObject basis, Func<TStatus, bool> edit, CancellationToken cancellationToken,
        bool retryOnConflict = true)
        where TStatus : class, new() =>
        UpdateAsync(basis, body =>
        {
            var status = body["status"] is JsonObject node ? KubernetesJson.Deserialize<TStatus>(node) : new TStatus();
            if (!edit(status)) return false;
            body["status"] = ToJson(status);
            return true;
        }, cancellationToken, basis.Type.HasStatus ? "status" : null, retryOnConflict);

    /// <summary>DELETE; null when the object is already gone.</summary>
    public async Task<StoredObject?> DeleteAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken,
        DeleteRequest? request = null)
    {
        try
        {
            return await SendAsync(() => Api.Delete(Caller, type, ns, name, request ?? new DeleteRequest()), cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Runs one API call, waiting out throttling as a client-go client does.</summary>
    public async Task<T> SendAsync<T>(Func<T> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return call();
            }
            catch (ApiException e) when (e.Code == 429 && e.RetryAfterSeconds is > 0 and var seconds && attempt < MaxThrottledRetries)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), Clock, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A copy of the body as the server would read it off the wire (every number readable as any numeric type).</summary>
    private static JsonObject AsSent(JsonObject body) => JsonNode.Parse(body.ToJsonString())!.AsObject();

    public static JsonObject ToJson<T>(T model) where T : class => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
