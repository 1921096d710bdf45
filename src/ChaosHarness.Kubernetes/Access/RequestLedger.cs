namespace ChaosHarness.Kube.Access;

/// <summary>Every request sent to the fleet's API servers: proves a dry run mutated nothing, and measures API cost.</summary>
public sealed class RequestLedger
{
    private readonly Lock _gate = new();
    private readonly List<ApiRequest> _requests = [];

    public void Add(ApiRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<ApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    public IReadOnlyList<ApiRequest> Mutating => Requests.Where(r => r.IsMutating).ToList();

    /// <summary>Requests per fleet minute per cluster over a span, split into lists/gets/mutations and watch (re)connections.</summary>
    public string Rates(DateTimeOffset from, DateTimeOffset to)
    {
        var minutes = Math.Max((to - from).TotalMinutes, 1e-9);
        return string.Join(
            Environment.NewLine,
            Requests.Where(r => r.At >= from && r.At <= to).GroupBy(r => r.Cluster).OrderBy(g => g.Key).Select(g =>
                $"{g.Key}: {g.Count() / minutes:0.##}/min ({g.Count(r => !r.IsWatch && !r.IsMutating)} reads, {g.Count(r => r.IsWatch)} watches, {g.Count(r => r.IsMutating)} writes)"));
    }
}
