using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// The patch strategies of the built-in Kubernetes types the simulated API server serves, transcribed from the
/// <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of k8s.io/api.
/// </summary>
internal static class BuiltInStrategicMergeSchemas
{
    private static readonly ListStrategy ByName = ListStrategy.MergeByKey("name");
    private static readonly ListStrategy ByType = ListStrategy.MergeByKey("type");
    private static readonly ListStrategy ByIp = ListStrategy.MergeByKey("ip");

    /// <summary>Groups whose kinds are compiled into the API server; every other group is served by CRDs.</summary>
    private static readonly FrozenSet<string> BuiltInGroups = FrozenSet.Create(StringComparer.Ordinal,
        "", "apps", "batch", "autoscaling", "policy",
        "admissionregistration.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "authentication.k8s.io",
        "authorization.k8s.io", "certificates.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "events.k8s.io",
        "flowcontrol.apiserver.k8s.io", "internal.apiserver.k8s.io", "networking.k8s.io", "node.k8s.io",
        "rbac.authorization.k8s.io", "resource.k8s.io", "scheduling.k8s.io", "storage.k8s.io", "storagemigration.k8s.io");

    private static readonly StrategicMergeSchema ObjectMeta = StrategicMergeSchema.Empty
        .WithList("ownerReferences", ListStrategy.MergeByKey("uid"))
        .WithList("finalizers", ListStrategy.MergeSet);

    private static readonly StrategicMergeSchema Container = StrategicMergeSchema.Empty
        .WithList("env", ByName)
        .WithList("ports", ListStrategy.MergeByKey("containerPort"))
        .WithList("volumeMounts", ListStrategy.MergeByKey("mountPath"))
        .WithList("volumeDevices", ListStrategy.MergeByKey("devicePath"));

    private static readonly StrategicMergeSchema PodSpec = StrategicMergeSchema.Empty
        .WithList("containers", ByName).WithFragment("containers", Container)
        .WithList("initContainers", ByName).WithFragment("initContainers", Container)
        .WithList("ephemeralContainers", ByName).WithFragment("ephemeralContainers", Container)
        .WithList("volumes", ByName)
        .WithList("imagePullSecrets", ByName)
        .WithList("hostAliases", ByIp)
        .WithList("topologySpreadConstraints", ListStrategy.MergeByKey("topologyKey"))
        .WithList("schedulingGates", ByName)
        .WithList("resourceClaims", ByName);

    public static StrategicMergeSchema AnyKind { get; } = StrategicMergeSchema.Empty.WithFragment("metadata", ObjectMeta);

    public static StrategicMergeSchema PodTemplateSpec { get; } = StrategicMergeSchema.Empty
        .WithFragment("metadata", ObjectMeta)
        .WithFragment("spec", PodSpec);

    private static readonly StrategicMergeSchema WithConditions = AnyKind.WithList("status.conditions", ByType);

    private static readonly StrategicMergeSchema Workload = WithConditions.WithPodTemplate("spec.template");

    private static readonly FrozenDictionary<(string Group, string Kind), StrategicMergeSchema> Kinds =
        new Dictionary<(string Group, string Kind), StrategicMergeSchema>
        {
            [("", "Pod")] = WithConditions
                .WithFragment("spec", PodSpec)
                .WithList("status.podIPs", ByIp)
                .WithList("status.hostIPs", ByIp),
            [("", "PodTemplate")] = AnyKind.WithPodTemplate("template"),
            [("", "ReplicationController")] = Workload,
            [("", "Node")] = WithConditions.WithList("status.addresses", ByType),
            [("", "Service")] = WithConditions.WithList("spec.ports", ListStrategy.MergeByKey("port")),
            [("", "Namespace")] = WithConditions,
            [("apps", "Deployment")] = Workload,
            [("apps", "ReplicaSet")] = Workload,
            [("apps", "StatefulSet")] = Workload,
            [("apps", "DaemonSet")] = Workload,
            [("batch", "Job")] = Workload,
            [("batch", "CronJob")] = AnyKind.WithPodTemplate("spec.jobTemplate.spec.template"),
            [("policy", "PodDisruptionBudget")] = WithConditions,
        }.ToFrozenDictionary();

    public static bool TryGetForKind(string group, string kind, [NotNullWhen(true)] out StrategicMergeSchema? schema)
    {
        if (Kinds.TryGetValue((group, kind), out schema))
        {
            return true;
        }

        schema = BuiltInGroups.Contains(group) ? AnyKind : null;
        return schema is not null;
    }
}
