using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// The FlowSchemas and PriorityLevelConfigurations a real API server (1.29+) creates at start: the mandatory
/// <c>exempt</c> and <c>catch-all</c>, and the suggested ones (system, leader election, nodes, controller manager,
/// scheduler, kube-system and other service accounts, global default) with their real shares, lending, queues and
/// matching precedences. Objects a person adds slot in between by precedence (a throttle below 9000 beats
/// <c>service-accounts</c>).
/// </summary>
public static class DefaultFlowControlObjects
{
    public const string Exempt = "exempt";
    public const string CatchAll = "catch-all";

    private const string AutoUpdateAnnotation = "apf.kubernetes.io/autoupdate-spec";
    private const string AllNamespaces = "*";
    private const string ControllerManager = "system:kube-controller-manager";
    private const string Scheduler = "system:kube-scheduler";
    private const string Coordination = "coordination.k8s.io";

    private static readonly string[] Everyone = ["system:unauthenticated", "system:authenticated"];
    private static readonly string[] LeaseVerbs = ["get", "create", "update"];

    /// <summary>Every default level, as created at bootstrap.</summary>
    public static IReadOnlyList<JsonObject> PriorityLevels() => [.. AllPriorityLevels().Select(ToJson)];

    /// <summary>Every default schema, as created at bootstrap.</summary>
    public static IReadOnlyList<JsonObject> FlowSchemas() => [.. AllFlowSchemas().Select(ToJson)];

    internal static IReadOnlyList<V1PriorityLevelConfiguration> MandatoryPriorityLevels { get; } =
        [.. AllPriorityLevels().Where(l => l.Metadata.Name is Exempt or CatchAll)];

    internal static IReadOnlyList<V1FlowSchema> MandatoryFlowSchemas { get; } =
        [.. AllFlowSchemas().Where(s => s.Metadata.Name is Exempt or CatchAll)];

    private static IEnumerable<V1PriorityLevelConfiguration> AllPriorityLevels() =>
    [
        new()
        {
            Metadata = Metadata(Exempt),
            Spec = new V1PriorityLevelConfigurationSpec
            {
                Type = "Exempt",
                Exempt = new V1ExemptPriorityLevelConfiguration { NominalConcurrencyShares = 0, LendablePercent = 0 },
            },
        },
        Limited(CatchAll, 5, 0, null),
        Limited("system", 30, 33, Queuing(64, 6)),
        Limited("node-high", 40, 25, Queuing(64, 6)),
        Limited("leader-election", 10, 0, Queuing(16, 4)),
        Limited("workload-high", 40, 50, Queuing(128, 6)),
        Limited("workload-low", 100, 90, Queuing(128, 6)),
        Limited("global-default", 20, 50, Queuing(128, 6)),
    ];

    private static IEnumerable<V1FlowSchema> AllFlowSchemas() =>
    [
        Schema(Exempt, Exempt, 1, null, Groups("system:masters"), AllResources(), AllNonResources()),
        Schema("probes", Exempt, 2, null, Groups(Everyone), [],
            [new V1NonResourcePolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz", "/readyz", "/livez"] }]),
        Schema("system-leader-election", "leader-election", 100, "ByUser",
            [.. Users(ControllerManager, Scheduler), KubeSystemServiceAccount("*")],
            [Resources(LeaseVerbs, Coordination, ["leases"], clusterScope: false)], []),
        Schema("endpoint-controller", "workload-high", 150, "ByUser",
            [.. Users(ControllerManager), KubeSystemServiceAccount("endpoint-controller"), KubeSystemServiceAccount("endpointslicemirroring-controller")],
            [Resources(LeaseVerbs, "", ["endpoints"], clusterScope: false)], []),
        Schema("workload-leader-election", "leader-election", 200, "ByUser", [KubeSystemServiceAccount("*")],
            [Resources(LeaseVerbs, "", ["endpoints", "configmaps"], clusterScope: false), Resources(LeaseVerbs, Coordination, ["leases"], clusterScope: false)], []),
        Schema("system-node-high", "node-high", 400, "ByUser", Groups("system:nodes"),
            [Resources(["*"], "", ["nodes", "nodes/status"], clusterScope: true), Resources(["*"], Coordination, ["leases"], clusterScope: false)], []),
        Schema("system-nodes", "system", 500, "ByUser", Groups("system:nodes"), AllResources(), AllNonResources()),
        Schema("kube-controller-manager", "workload-high", 800, "ByNamespace", Users(ControllerManager), AllResources(), AllNonResources()),
        Schema("kube-scheduler", "workload-high", 800, "ByNamespace", Users(Scheduler), AllResources(), AllNonResources()),
        Schema("kube-system-service-accounts", "workload-high", 900, "ByNamespace", [KubeSystemServiceAccount("*")], AllResources(), AllNonResources()),
        Schema("service-accounts", "workload-low", 9000, "ByUser", Groups("system:serviceaccounts"), AllResources(), AllNonResources()),
        Schema("global-default", "global-default", 9900, "ByUser", Groups(Everyone), AllResources(), AllNonResources()),
        Schema(CatchAll, CatchAll, 10000, "ByUser", Groups(Everyone), AllResources(), AllNonResources()),
    ];

    private static V1PriorityLevelConfiguration Limited(string name, int shares, int lendablePercent, V1QueuingConfiguration? queuing) => new()
    {
        Metadata = Metadata(name),
        Spec = new V1PriorityLevelConfigurationSpec
        {
            Type = "Limited",
            Limited = new V1LimitedPriorityLevelConfiguration
            {
                NominalConcurrencyShares = shares,
                LendablePercent = lendablePercent,
                LimitResponse = queuing is null
                    ? new V1LimitResponse { Type = "Reject" }
                    : new V1LimitResponse { Type = "Queue", Queuing = queuing },
            },
        },
    };

    private static V1QueuingConfiguration Queuing(int queues, int handSize) => new() { Queues = queues, HandSize = handSize, QueueLengthLimit = 50 };

    private static V1FlowSchema Schema(string name, string level, int precedence, string? distinguisher, IEnumerable<Flowcontrolv1Subject> subjects,
        IEnumerable<V1ResourcePolicyRule> resourceRules, IEnumerable<V1NonResourcePolicyRule> nonResourceRules)
    {
        var rule = new V1PolicyRulesWithSubjects { Subjects = [.. subjects] };
        if (resourceRules.Any()) rule.ResourceRules = [.. resourceRules];
        if (nonResourceRules.Any()) rule.NonResourceRules = [.. nonResourceRules];
        return new V1FlowSchema
        {
            Metadata = Metadata(name),
            Spec = new V1FlowSchemaSpec
            {
                PriorityLevelConfiguration = new V1PriorityLevelConfigurationReference { Name = level },
                MatchingPrecedence = precedence,
                DistinguisherMethod = distinguisher is null ? null : new V1FlowDistinguisherMethod { Type = distinguisher },
                Rules = [rule],
            },
        };
    }

    private static V1ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        Annotations = new Dictionary<string, string> { [AutoUpdateAnnotation] = "true" },
    };

    private static IEnumerable<Flowcontrolv1Subject> Users(params string[] names) =>
        names.Select(n => new Flowcontrolv1Subject { Kind = "User", User = new V1UserSubject { Name = n } });

    private static IEnumerable<Flowcontrolv1Subject> Groups(params string[] names) =>
        names.Select(n => new Flowcontrolv1Subject { Kind = "Group", Group = new V1GroupSubject { Name = n } });

    private static Flowcontrolv1Subject KubeSystemServiceAccount(string name) =>
        new() { Kind = "ServiceAccount", ServiceAccount = new V1ServiceAccountSubject { NamespaceProperty = "kube-system", Name = name } };

    private static V1ResourcePolicyRule Resources(string[] verbs, string apiGroup, string[] resources, bool clusterScope) => new()
    {
        Verbs = verbs,
        ApiGroups = [apiGroup],
        Resources = resources,
        Namespaces = [AllNamespaces],
        ClusterScope = clusterScope ? true : null,
    };

    private static V1ResourcePolicyRule[] AllResources() =>
        [new V1ResourcePolicyRule { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"], Namespaces = [AllNamespaces], ClusterScope = true }];

    private static V1NonResourcePolicyRule[] AllNonResources() => [new V1NonResourcePolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] }];

    private static JsonObject ToJson<T>(T model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();
}
