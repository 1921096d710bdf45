using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// API throttling aimed at one controller: API Priority and Fairness objects (<c>flowcontrol.apiserver.k8s.io/v1</c>)
/// that put the controller's service account in a priority level with no concurrency that rejects — every new request
/// of the controller is answered 429 with Retry-After, open watches are not cut. Revert deletes exactly the two objects.
/// </summary>
public sealed class ApiThrottling(string cluster, string serviceAccountNamespace, string serviceAccountName, int matchingPrecedence = 500) : IFault
{
    public static ResourceKind PriorityLevels { get; } = new("PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", false);

    public static ResourceKind FlowSchemas { get; } = new("FlowSchema", "flowcontrol.apiserver.k8s.io", "v1", "flowschemas", false);

    public string Name => $"API throttling of {serviceAccountNamespace}/{serviceAccountName} (flow schema at precedence {matchingPrecedence}, rejecting)";

    public FaultTarget Target { get; } = new(cluster, serviceAccountNamespace);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        var rest = context.Services.Require<KubernetesFleet>().Connect(cluster).Rest;
        var name = $"chaos-throttle-{context.Run}-{context.FaultId}".ToLowerInvariant();
        foreach (var kind in new[] { PriorityLevels, FlowSchemas })
        {
            if (await rest.GetAsync(kind, null, name, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new InvalidOperationException($"{kind.Kind} {name} already exists in '{cluster}'.");
            }
        }

        var labels = new JsonObject { [NodeOutageMarks.RunLabel] = context.Run.Value, ["app.kubernetes.io/managed-by"] = "chaos-harness" };
        var priorityLevel = new JsonObject
        {
            ["apiVersion"] = PriorityLevels.ApiVersion,
            ["kind"] = PriorityLevels.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["type"] = "Limited",
                ["limited"] = new JsonObject
                {
                    ["nominalConcurrencyShares"] = 0,
                    ["lendablePercent"] = 0,
                    ["limitResponse"] = new JsonObject { ["type"] = "Reject" },
                },
            },
        };
        var flowSchema = new JsonObject
        {
            ["apiVersion"] = FlowSchemas.ApiVersion,
            ["kind"] = FlowSchemas.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject
            {
                ["priorityLevelConfiguration"] = new JsonObject { ["name"] = name },
                ["matchingPrecedence"] = matchingPrecedence,
                ["distinguisherMethod"] = new JsonObject { ["type"] = "ByUser" },
                ["rules"] = new JsonArray(new JsonObject
                {
                    ["subjects"] = new JsonArray(new JsonObject
                    {
                        ["kind"] = "ServiceAccount",
                        ["serviceAccount"] = new JsonObject { ["namespace"] = serviceAccountNamespace, ["name"] = serviceAccountName },
                    }),
                    ["resourceRules"] = new JsonArray(new JsonObject
                    {
                        ["verbs"] = new JsonArray("*"),
                        ["apiGroups"] = new JsonArray("*"),
                        ["resources"] = new JsonArray("*"),
                        ["clusterScope"] = true,
                        ["namespaces"] = new JsonArray("*"),
                    }),
                    ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
                }),
            },
        };
        FaultChange Create(ResourceKind kind, JsonObject body) => new(
            $"create {kind.Kind} {name}",
            CreatedObjectUndoHandler.For(cluster, kind, null, name),
            async ct => await rest.CreateAsync(kind, null, body, ct).ConfigureAwait(false));
        return new FaultPlan(
            $"throttle every new API request of service account {serviceAccountNamespace}/{serviceAccountName} in cluster {cluster}",
            [Create(PriorityLevels, priorityLevel), Create(FlowSchemas, flowSchema)],
            new BlastRadiusImpact(Name, [], [], [new ClusterImpact(cluster, 0, 0)]));
    }
}
