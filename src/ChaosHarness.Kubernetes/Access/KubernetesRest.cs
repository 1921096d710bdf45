using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Observation;
using k8s;

namespace ChaosHarness.Kube.Access;

/// <summary>
/// Generic JSON access to a cluster's REST API through KubernetesClient's own HTTP pipeline and credentials
/// (so the resilience handler, TLS and token refresh all apply): any kind, core or custom, as <see cref="JsonObject"/>.
/// </summary>
public sealed class KubernetesRest(string cluster, k8s.Kubernetes client, WriteLog? writes = null)
{
    public string Cluster { get; } = cluster;

    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    public Task<JsonObject?> GetAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
        => GetAsync(kind.ObjectPath(@namespace, name), cancellationToken);

    public async Task<ListResult> ListAsync(ResourceKind kind, string? @namespace, string? labelSelector, CancellationToken cancellationToken)
    {
        var query = labelSelector is null ? "" : $"?labelSelector={Uri.EscapeDataString(labelSelector)}";
        var list = await SendAsync(HttpMethod.Get, kind.CollectionPath(@namespace) + query, null, null, cancellationToken).ConfigureAwait(false);
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => (JsonObject)i.DeepClone()).ToList();
        foreach (var item in items)
        {
            // Lists leave kind and apiVersion off their items.
            item["kind"] ??= kind.Kind;
            item["apiVersion"] ??= kind.ApiVersion;
        }

        return new ListResult(items, list.Str("metadata.resourceVersion") ?? "");
    }

    public Task<JsonObject> PatchAsync(ResourceKind kind, string? @namespace, string name, PatchKind patch, JsonNode body, CancellationToken cancellationToken, string? subresource = null)
    {
        var contentType = patch switch
        {
            PatchKind.Merge => "application/merge-patch+json",
            PatchKind.Json => "application/json-patch+json",
            _ => "application/strategic-merge-patch+json",
        };
        var path = kind.ObjectPath(@namespace, name) + (subresource is null ? "" : "/" + subresource);
        return WrittenAsync(kind, SendAsync(HttpMethod.Patch, path, body, contentType, cancellationToken));
    }

    public Task<JsonObject> CreateAsync(ResourceKind kind, string? @namespace, JsonObject body, CancellationToken cancellationToken)
        => WrittenAsync(kind, SendAsync(HttpMethod.Post, kind.CollectionPath(@namespace), body, "application/json", cancellationToken));

    public Task<JsonObject> ReplaceAsync(ResourceKind kind, string? @namespace, string name, JsonObject body, CancellationToken cancellationToken)
        => WrittenAsync(kind, SendAsync(HttpMethod.Put, kind.ObjectPath(@namespace, name), body, "application/json", cancellationToken));

    private async Task<JsonObject> WrittenAsync(ResourceKind kind, Task<JsonObject> write)
    {
        var result = await write.ConfigureAwait(false);
        if (writes is not null && result.Str("metadata.name") is { } name && result.Str("metadata.resourceVersion") is { } version)
        {
            writes.Record(new ObjectRef(Cluster, kind, kind.Namespaced ? result.Str("metadata.namespace") : null, name), version);
        }

        return result;
    }

    /// <summary>Deletes an object; false if it was already gone.</summary>
    public async Task<bool> DeleteAsync(ResourceKind kind, string? @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, kind.ObjectPath(@namespace, name), null, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens a watch from <paramref name="resourceVersion"/> and yields its events until the server ends the stream.
    /// Ends with <see cref="EndOfStreamException"/> when the stream closes without having sent anything.
    /// </summary>
    public async IAsyncEnumerable<RawWatchEvent> WatchAsync(
        ResourceKind kind,
        string? @namespace,
        string resourceVersion,
        TimeSpan? serverTimeout,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        if (serverTimeout is { } timeout)
        {
            query += $"&timeoutSeconds={(int)Math.Max(1, timeout.TotalSeconds)}";
        }

        using var request = await CreateRequestAsync(HttpMethod.Get, kind.CollectionPath(@namespace) + query, null, null, cancellationToken).ConfigureAwait(false);
        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var node = JsonNode.Parse(line) as JsonObject ?? throw new JsonException($"A watch line of {kind.Plural} in '{Cluster}' is not an object.");
            var type = node["type"]?.GetValue<string>() ?? throw new JsonException($"A watch line of {kind.Plural} in '{Cluster}' has no type.");
            var obj = node["object"] as JsonObject ?? [];
            node.Remove("object");
            yield return new RawWatchEvent(type, obj);
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken cancellationToken)
    {
        using var request = await CreateRequestAsync(method, path, body, contentType, cancellationToken).ConfigureAwait(false);
        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException($"{method} {path} in '{Cluster}' did not answer a JSON object.");
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, JsonNode? body, string? contentType, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        if (client.Credentials is not null)
        {
            await client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return request;
    }

    private async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? reason = null;
        var message = text;
        try
        {
            if (JsonNode.Parse(text) is JsonObject status && status["kind"]?.GetValue<string>() == "Status")
            {
                reason = status.Str("reason");
                message = status.Str("message") ?? text;
            }
        }
        catch (JsonException)
        {
        }

        throw new KubernetesApiException(Cluster, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", response.StatusCode, reason, message.Trim());
    }
}
