namespace ChaosHarness.Kube.Access;

internal static class WatchRequests
{
    /// <summary>A long-lived watch stream (<c>?watch=true</c> or <c>watch=1</c>); KubernetesClient sends <c>watch=false</c> on plain lists.</summary>
    public static bool IsWatch(HttpRequestMessage request)
    {
        var query = request.RequestUri?.Query;
        if (string.IsNullOrEmpty(query))
        {
            return false;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            if (pair.Equals("watch=true", StringComparison.OrdinalIgnoreCase) || pair.Equals("watch=1", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
