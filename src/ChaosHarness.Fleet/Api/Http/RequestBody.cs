using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// Request bodies: JSON objects for create, update and delete options, patches by their content type. Protobuf and YAML
/// bodies are refused with 415 (kubectl 1.32+ sends protobuf for <c>kubectl create deployment|namespace|configmap</c>;
/// <c>create -f</c> and <c>apply</c> send JSON); so is server-side apply.
/// </summary>
internal static class RequestBody
{
    /// <summary>The real API server's limit on a request body.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes) throw TooLarge();
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadOptionalObjectAsync(request, cancellationToken).ConfigureAwait(false)
        ?? throw ApiException.BadRequest("the body of the request is empty; a JSON object was expected");

    /// <summary>A JSON object body, or null when the request has none (KubernetesClient sends deletes without one).</summary>
    public static async Task<JsonObject?> ReadOptionalObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        RequireJson(request);
        var bytes = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes.Span);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"couldn't get version/kind; json parse error: {e.Message}");
        }

        return node as JsonObject ?? throw ApiException.BadRequest($"couldn't get version/kind; json parse error: expected a JSON object, got {node?.GetValueKind().ToString() ?? "null"}");
    }

    /// <summary>The patch type the content type names; server-side apply's passes here and is refused by the patcher with 415.</summary>
    public static PatchType PatchTypeOf(HttpRequest request) =>
        PatchContentTypes.ToPatchType(request.ContentType)
        ?? throw ApiException.UnsupportedMediaType(MediaTypeOf(request) is { Length: > 0 } mediaType ? mediaType : "no content type");

    private static void RequireJson(HttpRequest request)
    {
        var mediaType = MediaTypeOf(request);
        if (mediaType is "" or "application/json" or "*/*") return;
        throw new ApiException(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: application/json (got {mediaType}); this simulated API server reads JSON bodies only");
    }

    private static string MediaTypeOf(HttpRequest request) =>
        (request.ContentType ?? "").Split(';', 2)[0].Trim().ToLowerInvariant();

    private static ApiException TooLarge() => new(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728");
}
