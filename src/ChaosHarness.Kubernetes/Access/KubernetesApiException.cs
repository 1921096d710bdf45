using System.Net;

namespace ChaosHarness.Kube.Access;

/// <summary>The API server answered with an error <c>Status</c>.</summary>
public sealed class KubernetesApiException(string cluster, string method, string path, HttpStatusCode statusCode, string? reason, string message)
    : Exception($"{method} {path} in cluster '{cluster}' failed: {(int)statusCode} {reason ?? statusCode.ToString()}: {message}")
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The Status reason (NotFound, Conflict, Expired, TooManyRequests…).</summary>
    public string? Reason { get; } = reason;

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;
}
