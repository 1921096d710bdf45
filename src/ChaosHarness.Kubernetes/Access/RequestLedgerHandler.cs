namespace ChaosHarness.Kube.Access;

/// <summary>Writes every request that reaches the wire into the <see cref="RequestLedger"/> (innermost: one line per attempt).</summary>
internal sealed class RequestLedgerHandler(string cluster, RequestLedger ledger, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var at = clock.GetUtcNow();
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            ledger.Add(new ApiRequest(cluster, at, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", request.RequestUri?.Query ?? "", WatchRequests.IsWatch(request), status));
        }
    }
}
