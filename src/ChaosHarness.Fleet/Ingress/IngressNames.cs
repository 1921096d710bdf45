namespace ChaosHarness.Fleet.Ingress;

/// <summary>The names the ingress controller of every cluster goes by, as the ingress-nginx Helm chart installs it.</summary>
public static class IngressNames
{
    public const string Namespace = "ingress-nginx";
    public const string Deployment = "ingress-nginx-controller";
    public const string ServiceAccount = "ingress-nginx";
    public const string Service = "ingress-nginx-controller";

    /// <summary>The Lease the controller pods elect their leader with (ingress-nginx's <c>--election-id</c>).</summary>
    public const string LeaderLease = "ingress-nginx-leader";

    /// <summary>
    /// The routes the leader has synced, which every controller pod proxies by: one JSON <see cref="IngressRoute"/> per app.
    /// (The real controller keeps them in each pod's nginx; here they sit where kubectl can read them.)
    /// </summary>
    public const string RoutesConfigMap = "ingress-nginx-routes";

    public const string DefaultImage = "registry.k8s.io/ingress-nginx/controller:v1.11.2";

    /// <summary>The labels that select the controller's pods.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels { get; } = new Dictionary<string, string>
    {
        ["app.kubernetes.io/name"] = "ingress-nginx",
        ["app.kubernetes.io/instance"] = "ingress-nginx",
        ["app.kubernetes.io/component"] = "controller",
    };
}
