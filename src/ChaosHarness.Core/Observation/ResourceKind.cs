namespace ChaosHarness.Core.Observation;

/// <summary>A kind of Kubernetes object the harness watches, with where its API lives.</summary>
public sealed record ResourceKind(string Kind, string Group, string Version, string Plural, bool Namespaced)
{
    public static ResourceKind Deployment { get; } = new("Deployment", "apps", "v1", "deployments", true);

    public static ResourceKind ReplicaSet { get; } = new("ReplicaSet", "apps", "v1", "replicasets", true);

    public static ResourceKind Pod { get; } = new("Pod", "", "v1", "pods", true);

    public static ResourceKind Node { get; } = new("Node", "", "v1", "nodes", false);

    public static ResourceKind Lease { get; } = new("Lease", "coordination.k8s.io", "v1", "leases", true);

    public static ResourceKind ConfigMap { get; } = new("ConfigMap", "", "v1", "configmaps", true);

    public static ResourceKind Namespace { get; } = new("Namespace", "", "v1", "namespaces", false);

    /// <summary>Argo Rollouts <c>Rollout</c>.</summary>
    public static ResourceKind Rollout { get; } = new("Rollout", "argoproj.io", "v1alpha1", "rollouts", true);

    /// <summary>Flagger <c>Canary</c>.</summary>
    public static ResourceKind Canary { get; } = new("Canary", "flagger.app", "v1beta1", "canaries", true);

    public static IReadOnlyList<ResourceKind> All { get; } = [Deployment, ReplicaSet, Pod, Node, Lease, Rollout, Canary];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</summary>
    public string CollectionPath(string? @namespace = null)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && @namespace is not null ? $"{root}/namespaces/{@namespace}/{Plural}" : $"{root}/{Plural}";
    }

    public string ObjectPath(string? @namespace, string name) => $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";

    public override string ToString() => Kind;
}
