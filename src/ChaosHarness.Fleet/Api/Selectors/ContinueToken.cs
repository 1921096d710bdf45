using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Selectors;

/// <summary>
/// Where a paged list (<c>?limit=</c>) resumes: the resourceVersion the first page was served at and the key of the
/// last object returned. Encoded like the real API server's token: unpadded base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":…,"start":"…"}</c>; opaque to clients.
/// </summary>
public sealed record ContinueToken(long ResourceVersion, string LastKey)
{
    private const string Version = "meta.k8s.io/v1";

    public string Encode()
    {
        var json = new JsonObject { ["v"] = Version, ["rv"] = ResourceVersion, ["start"] = LastKey }.ToJsonString();
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
    }

    /// <exception cref="InvalidContinueTokenException">The token is malformed or was not issued by this server.</exception>
    public static ContinueToken Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw Invalid("the token is empty");
        }

        JsonNode? content;
        try
        {
            content = JsonNode.Parse(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw Invalid("illegal base64 data");
        }
        catch (JsonException)
        {
            throw Invalid("the token does not hold JSON");
        }

        var version = StringMember(content, "v");
        if (version != Version)
        {
            throw Invalid($"server does not recognize this encoded version \"{version}\"");
        }

        var resourceVersion = content!["rv"] is JsonValue rv && rv.TryGetValue(out long number) ? number : 0;
        if (resourceVersion <= 0)
        {
            throw Invalid($"incorrect encoded start resourceVersion (version {Version})");
        }

        var lastKey = StringMember(content, "start");
        return string.IsNullOrEmpty(lastKey)
            ? throw Invalid($"encoded start key empty (version {Version})")
            : new ContinueToken(resourceVersion, lastKey);
    }

    private static string? StringMember(JsonNode? content, string name) =>
        content is JsonObject members && members[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static InvalidContinueTokenException Invalid(string problem) => new($"continue key is not valid: {problem}");
}
