namespace ChaosHarness.Kube.Access;

/// <summary>One request the harness sent to a cluster (as seen at the edge of the process, retries included).</summary>
public sealed record ApiRequest(string Cluster, DateTimeOffset At, string Method, string Path, string Query, bool IsWatch, int? StatusCode)
{
    public bool IsMutating => Method is not ("GET" or "HEAD" or "OPTIONS");

    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? Query : "")} → {StatusCode?.ToString() ?? "no answer"}";
}
