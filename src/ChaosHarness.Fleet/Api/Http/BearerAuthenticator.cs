using ChaosHarness.Fleet.Hosting;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>Who sends a request: the user or service account its <c>Authorization: Bearer</c> token was issued to.</summary>
internal static class BearerAuthenticator
{
    private const string Scheme = "Bearer ";

    public static ApiCaller Authenticate(HttpRequest request, TokenRegistry tokens) =>
        TryAuthenticate(request, tokens) ?? throw ApiException.Unauthorized();

    /// <summary>The caller a valid token names; null without one.</summary>
    public static ApiCaller? TryAuthenticate(HttpRequest request, TokenRegistry tokens)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? tokens.Resolve(header[Scheme.Length..].Trim()) : null;
    }
}
