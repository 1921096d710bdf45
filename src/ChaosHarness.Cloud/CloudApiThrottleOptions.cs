using System.Security.Cryptography.X509Certificates;

namespace ChaosHarness.Cloud;

/// <summary>What a <see cref="CloudApiThrottle"/> stands in front of and how much of it it throttles.</summary>
public sealed record CloudApiThrottleOptions(Uri Upstream, CloudApiDialect Dialect)
{
    /// <summary>The share (0–1) of matching calls answered with a throttling error instead of being forwarded.</summary>
    public double InjectionRate { get; init; } = 0.5;

    /// <summary>Which calls may be throttled; null: every call.</summary>
    public Func<CloudApiCall, bool>? Matches { get; init; }

    /// <summary>Seeds the choice of calls to throttle, so a run throttles the same calls every time; null: unseeded.</summary>
    public int? Seed { get; init; }

    public Ec2ThrottleCode Ec2ErrorCode { get; init; } = Ec2ThrottleCode.RequestLimitExceeded;

    /// <summary>The Retry-After an ARM throttling answer carries.</summary>
    public TimeSpan ArmRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Serve HTTPS with this certificate (Azure.Core sends bearer tokens over TLS only); null: plain HTTP.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>How to reach the upstream (e.g. a handler that trusts a test certificate); null: a default handler.</summary>
    public HttpMessageHandler? UpstreamHandler { get; init; }
}
