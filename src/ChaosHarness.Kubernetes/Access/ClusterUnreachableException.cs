namespace ChaosHarness.Kube.Access;

/// <summary>A cluster's API could not be reached (refused, timed out, kept failing, or its circuit is open).</summary>
public sealed class ClusterUnreachableException(string cluster, Uri? apiUrl, string reason, Exception? inner = null)
    : Exception($"Cluster '{cluster}' is unreachable at {apiUrl?.ToString() ?? "(unknown URL)"}: {reason}", inner)
{
    public string Cluster { get; } = cluster;

    public Uri? ApiUrl { get; } = apiUrl;

    /// <summary>True when the run itself took the cluster away (<see cref="ClusterReachability"/>): expected, not a failure.</summary>
    public bool LostByFault { get; init; }
}
