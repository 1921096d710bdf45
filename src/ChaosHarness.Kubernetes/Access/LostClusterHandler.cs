namespace ChaosHarness.Kube.Access;

/// <summary>
/// First in a cluster's handler chain: a request to a cluster the run knows is lost fails at once, and a request waiting
/// for an answer when the cluster is lost is abandoned — neither waits out the resilience pipeline's timeouts and retries.
/// Only the wait for the response headers is bounded this way: a watch's open stream is never cut.
/// </summary>
internal sealed class LostClusterHandler(string cluster, Uri? apiUrl, ClusterReachability reachability) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var whileReachable = reachability.WhileReachable(cluster);
        ThrowIfLost();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, whileReachable);
        try
        {
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (whileReachable.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ThrowIfLost();
            throw;
        }
    }

    private void ThrowIfLost()
    {
        if (reachability.WhyLost(cluster) is { } why)
        {
            throw new ClusterUnreachableException(cluster, apiUrl, why) { LostByFault = true };
        }
    }
}
