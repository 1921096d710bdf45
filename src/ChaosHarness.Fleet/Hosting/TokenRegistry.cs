using System.Collections.Concurrent;
using System.Security.Cryptography;
using ChaosHarness.Fleet.Api;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>The bearer tokens one cluster accepts, and whom each identifies.</summary>
public sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, ApiCaller> _callers = new(StringComparer.Ordinal);

    /// <summary>Issues a fresh random token for <paramref name="caller"/>.</summary>
    public string Issue(ApiCaller caller)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _callers[token] = caller;
        return token;
    }

    public ApiCaller? Resolve(string token) => _callers.GetValueOrDefault(token);

    public bool Revoke(string token) => _callers.TryRemove(token, out _);

    /// <summary>Every token issued, for tests that search reports for leaked secrets.</summary>
    public IReadOnlyCollection<string> Tokens => [.. _callers.Keys];
}
