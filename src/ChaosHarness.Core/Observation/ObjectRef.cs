namespace ChaosHarness.Core.Observation;

/// <summary>Names one object of the fleet.</summary>
public sealed record ObjectRef(string Cluster, ResourceKind Kind, string? Namespace, string Name)
{
    public string Display => Namespace is null ? $"{Kind.Kind} {Name}" : $"{Kind.Kind} {Namespace}/{Name}";

    public override string ToString() => $"{Display} in {Cluster}";

    public static ObjectRef Rollout(string cluster, string @namespace, string name) => new(cluster, ResourceKind.Rollout, @namespace, name);

    public static ObjectRef Canary(string cluster, string @namespace, string name) => new(cluster, ResourceKind.Canary, @namespace, name);

    public static ObjectRef Deployment(string cluster, string @namespace, string name) => new(cluster, ResourceKind.Deployment, @namespace, name);

    public static ObjectRef Node(string cluster, string name) => new(cluster, ResourceKind.Node, null, name);
}
