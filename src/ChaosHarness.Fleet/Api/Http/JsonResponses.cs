using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// Writes JSON responses straight into the response pipe. Stored objects go out as the bytes the store holds, never
/// parsed again; long bodies are flushed as they grow rather than buffered whole.
/// </summary>
internal static class JsonResponses
{
    public const string JsonContentType = "application/json";

    private const int FlushThreshold = 64 * 1024;

    // Quotes and angle brackets appear as themselves, as in the real server's messages ("<none>", "configmaps \"a\" not found").
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = Encoder };

    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = Encoder };

    public static byte[] Serialize(JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, SerializerOptions);

    public static Utf8JsonWriter WriterFor(HttpResponse response) => new(response.BodyWriter, WriterOptions);

    public static async Task WriteRawAsync(HttpResponse response, int statusCode, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = JsonContentType;
        response.ContentLength = json.Length;
        await response.BodyWriter.WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }

    public static Task WriteNodeAsync(HttpResponse response, int statusCode, JsonNode node, CancellationToken cancellationToken) =>
        WriteRawAsync(response, statusCode, Serialize(node), cancellationToken);

    public static Task WriteStatusAsync(HttpResponse response, ApiException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfterSeconds is { } retryAfter) response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return WriteNodeAsync(response, error.Code, error.ToStatus(), cancellationToken);
    }

    /// <summary>A <c>Status</c> of success, as a delete that removed its object at once answers.</summary>
    public static JsonObject SuccessStatus(JsonObject? details = null, int? code = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (details is not null) status["details"] = details;
        if (code is not null) status["code"] = code;
        return status;
    }

    /// <summary>Pushes what the writer holds to the client once enough has gathered.</summary>
    public static async ValueTask FlushIfLargeAsync(Utf8JsonWriter writer, HttpResponse response, CancellationToken cancellationToken)
    {
        if (writer.BytesPending < FlushThreshold) return;
        writer.Flush();
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async ValueTask FlushAsync(Utf8JsonWriter writer, HttpResponse response, CancellationToken cancellationToken)
    {
        writer.Flush();
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
