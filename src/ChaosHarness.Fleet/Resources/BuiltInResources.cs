namespace ChaosHarness.Fleet.Resources;

/// <summary>The kinds every simulated cluster serves from the start.</summary>
public static class BuiltInResources
{
    private static readonly string[] All = ["all"];

    public static ResourceType Namespaces { get; } = Core("Namespace", "namespaces", namespaced: false, ["ns"]) with
    {
        HasStatus = true,
        ExtraSubresources = [new SubresourceType("finalize", "", "v1", "Namespace", ["update"])],
    };

    public static ResourceType Nodes { get; } = Core("Node", "nodes", namespaced: false, ["no"]) with { HasStatus = true };

    public static ResourceType Pods { get; } = Core("Pod", "pods", namespaced: true, ["po"]) with
    {
        Categories = All,
        HasStatus = true,
        FieldLabels = ["spec.nodeName", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName", "spec.restartPolicy"],
        ExtraSubresources = [new SubresourceType("eviction", "policy", "v1", "Eviction", ["create"])],
    };

    public static ResourceType Services { get; } = Core("Service", "services", namespaced: true, ["svc"]) with { Categories = All, HasStatus = true };

    public static ResourceType Endpoints { get; } = Core("Endpoints", "endpoints", namespaced: true, ["ep"]);

    public static ResourceType Events { get; } = Core("Event", "events", namespaced: true, ["ev"]) with
    {
        FieldLabels =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
    };

    public static ResourceType ConfigMaps { get; } = Core("ConfigMap", "configmaps", namespaced: true, ["cm"]);

    public static ResourceType Secrets { get; } = Core("Secret", "secrets", namespaced: true, []) with { FieldLabels = ["type"] };

    public static ResourceType ServiceAccounts { get; } = Core("ServiceAccount", "serviceaccounts", namespaced: true, ["sa"]);

    public static ResourceType Deployments { get; } = Apps("Deployment", "deployments", ["deploy"]);

    public static ResourceType ReplicaSets { get; } = Apps("ReplicaSet", "replicasets", ["rs"]);

    public static ResourceType PodDisruptionBudgets { get; } = new()
    {
        Group = "policy", Version = "v1", Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets",
        Namespaced = true, ShortNames = ["pdb"], HasStatus = true,
    };

    public static ResourceType Leases { get; } = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Namespaced = true,
    };

    public static ResourceType FlowSchemas { get; } = new()
    {
        Group = "flowcontrol.apiserver.k8s.io", Version = "v1", Kind = "FlowSchema", Plural = "flowschemas",
        Namespaced = false, HasStatus = true,
    };

    public static ResourceType PriorityLevelConfigurations { get; } = new()
    {
        Group = "flowcontrol.apiserver.k8s.io", Version = "v1", Kind = "PriorityLevelConfiguration",
        Plural = "prioritylevelconfigurations", Namespaced = false, HasStatus = true,
    };

    public static ResourceType CustomResourceDefinitions { get; } = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions", Namespaced = false, ShortNames = ["crd", "crds"], HasStatus = true,
    };

    public static ResourceType Roles { get; } = Rbac("Role", "roles", namespaced: true);

    public static ResourceType RoleBindings { get; } = Rbac("RoleBinding", "rolebindings", namespaced: true);

    public static ResourceType ClusterRoles { get; } = Rbac("ClusterRole", "clusterroles", namespaced: false);

    public static ResourceType ClusterRoleBindings { get; } = Rbac("ClusterRoleBinding", "clusterrolebindings", namespaced: false);

    public static ResourceType Jobs { get; } = Batch("Job", "jobs", []);

    public static ResourceType CronJobs { get; } = Batch("CronJob", "cronjobs", ["cj"]);

    public static IReadOnlyList<ResourceType> AllTypes { get; } =
    [
        Namespaces, Nodes, Pods, Services, Endpoints, Events, ConfigMaps, Secrets, ServiceAccounts,
        Deployments, ReplicaSets, PodDisruptionBudgets, Leases, FlowSchemas, PriorityLevelConfigurations,
        CustomResourceDefinitions, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, Jobs, CronJobs,
    ];

    private static ResourceType Core(string kind, string plural, bool namespaced, string[] shortNames) => new()
    {
        Group = "", Version = "v1", Kind = kind, Plural = plural, Namespaced = namespaced, ShortNames = shortNames,
    };

    private static ResourceType Apps(string kind, string plural, string[] shortNames) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, Namespaced = true, ShortNames = shortNames,
        Categories = All, HasStatus = true, HasScale = true,
    };

    private static ResourceType Rbac(string kind, string plural, bool namespaced) => new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Namespaced = namespaced,
    };

    private static ResourceType Batch(string kind, string plural, string[] shortNames) => new()
    {
        Group = "batch", Version = "v1", Kind = kind, Plural = plural, Namespaced = true, ShortNames = shortNames,
        Categories = All, HasStatus = true,
    };
}
