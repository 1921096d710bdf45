namespace ChaosHarness.Fleet.Api;

/// <summary>Who sends a request, as authentication established it: a user or a service account, with its groups.</summary>
public sealed record ApiCaller(string UserName, IReadOnlyList<string> Groups)
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    public static ApiCaller Admin { get; } = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    public static ApiCaller ServiceAccount(string ns, string name) =>
        new($"{ServiceAccountPrefix}{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);

    public static ApiCaller Node(string nodeName) => new($"system:node:{nodeName}", ["system:nodes", "system:authenticated"]);

    /// <summary>The controller manager's own identity, under which its shared informers list and watch.</summary>
    public static ApiCaller KubeControllerManager { get; } = new("system:kube-controller-manager", ["system:authenticated"]);

    /// <summary>Whoever sends no credentials, where the server lets them in (<c>/version</c>, health checks).</summary>
    public static ApiCaller Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public bool IsServiceAccount => UserName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal);

    /// <summary>For a service account, its namespace and name.</summary>
    public (string Namespace, string Name)? ServiceAccountName
    {
        get
        {
            if (!IsServiceAccount) return null;
            var parts = UserName[ServiceAccountPrefix.Length..].Split(':', 2);
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
    }

    public override string ToString() => UserName;
}
