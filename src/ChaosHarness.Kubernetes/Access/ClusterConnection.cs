using ChaosHarness.Core.Fleets;

namespace ChaosHarness.Kube.Access;

/// <summary>One cluster's API: the typed KubernetesClient, generic JSON access, and the resilience pipeline they share.</summary>
public sealed class ClusterConnection(ClusterTarget target, k8s.Kubernetes api, KubernetesResilienceHandler resilience, WriteLog? writes = null) : IDisposable
{
    public ClusterTarget Target { get; } = target;

    public k8s.Kubernetes Api { get; } = api;

    public KubernetesRest Rest { get; } = new(target.Name, api, writes);

    public KubernetesResilienceHandler Resilience { get; } = resilience;

    public Uri BaseUri => Api.BaseUri;

    public void Dispose() => Api.Dispose();
}
