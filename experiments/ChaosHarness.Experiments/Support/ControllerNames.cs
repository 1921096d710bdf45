using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Faults;

namespace ChaosHarness.Experiments.Support;

/// <summary>The controllers the throttling and upgrade experiments aim at, as their release manifests name them.</summary>
internal static class ControllerNames
{
    public const string RolloutsNamespace = "argo-rollouts";
    public const string RolloutsDeployment = "argo-rollouts";
    public const string RolloutsImage = "quay.io/argoproj/argo-rollouts:v1.7.2";
    public const string RolloutsNextImage = "quay.io/argoproj/argo-rollouts:v1.8.0";

    public const string IngressNamespace = "ingress-nginx";
    public const string IngressDeployment = "ingress-nginx-controller";
    public const string IngressImage = "registry.k8s.io/ingress-nginx/controller:v1.11.2";

    /// <summary>The rollout controller's identity: every API call it makes is made as this service account.</summary>
    public static ThrottleSubject RolloutController { get; } = ThrottleSubject.ServiceAccount(RolloutsNamespace, RolloutsDeployment);

    public static ObjectRef Rollouts(string cluster) => ObjectRef.Deployment(cluster, RolloutsNamespace, RolloutsDeployment);

    public static ObjectRef Ingress(string cluster) => ObjectRef.Deployment(cluster, IngressNamespace, IngressDeployment);
}
