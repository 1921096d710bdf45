namespace ChaosHarness.Kube.Access;

/// <summary>In a dry run, stops any mutating request before it leaves the process.</summary>
internal sealed class DryRunGuardHandler(string cluster) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            ? base.SendAsync(request, cancellationToken)
            : throw new DryRunViolationException(cluster, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?");
}
