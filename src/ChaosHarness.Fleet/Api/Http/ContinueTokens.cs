using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>A list page's <c>continue</c> token for an object key: <c>namespace/name</c>, or <c>name</c> for cluster-scoped kinds.</summary>
internal static class ContinueTokens
{
    public static string Encode(ObjectKey last, long resourceVersion) =>
        new ContinueToken(resourceVersion, last.Namespace is null ? last.Name : $"{last.Namespace}/{last.Name}").Encode();

    public static ObjectKey Decode(ResourceType type, string token)
    {
        ContinueToken decoded;
        try
        {
            decoded = ContinueToken.Decode(token);
        }
        catch (InvalidContinueTokenException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        if (!type.Namespaced) return new ObjectKey(null, decoded.LastKey);
        var slash = decoded.LastKey.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? throw ApiException.BadRequest("continue key is not valid: the start key names no namespace")
            : new ObjectKey(decoded.LastKey[..slash], decoded.LastKey[(slash + 1)..]);
    }
}
