namespace ChaosHarness.Kube.Access;

/// <summary>A cluster's API refused the credentials of its kubeconfig context (401).</summary>
public sealed class ClusterAuthenticationException(string cluster, string context, Uri? apiUrl)
    : Exception($"Cluster '{cluster}' at {apiUrl} refused the credentials of context '{context}' (401 Unauthorized): the token is invalid or has expired. Refresh the kubeconfig and run again.")
{
    public string Cluster { get; } = cluster;
}
