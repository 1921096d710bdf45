using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// API throttling aimed at one identity (a controller's service account, or a user): API Priority and Fairness objects
/// (<c>flowcontrol.apiserver.k8s.io/v1</c>, labelled with the run) that put every request of the subject in a priority
/// level of its own — a jail that admits nothing or a squeeze with a small share. Rejected requests are answered 429
/// with Retry-After; open watches are not cut. The same two objects work on the embedded fleet and on real clusters.
/// Revert deletes exactly them.
/// </summary>
public sealed class ApiThrottle(string cluster, ThrottleSubject subject, ThrottleLevel level, int matchingPrecedence = 500) : IFault
{
    public static ResourceKind PriorityLevels { get; } = new("PriorityLevelConfiguration", "flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", false);

    public static ResourceKind FlowSchemas { get; } = new("FlowSchema", "flowcontrol.apiserver.k8s.io", "v1", "flowschemas", false);

    public ThrottleSubject Subject { get; } = subject;

    public ThrottleLevel Level { get; } = level;

    public string Name => $"API throttling ({Level}) of {Subject} (flow schema at precedence {matchingPrecedence})";

    // A user has no namespace: the fault then touches cluster-scoped objects only.
    public FaultTarget Target { get; } = new(cluster, subject.ServiceAccountNamespace);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (matchingPrecedence is < 1 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(matchingPrecedence), matchingPrecedence, "A FlowSchema's matchingPrecedence is 1–9999 (1 is the exempt schema's).");
        }

        var rest = context.Services.Require<KubernetesFleet>().Connect(cluster).Rest;
        var name = ObjectName(context.Run, context.FaultId);
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
            ["spec"] = Level.ToPriorityLevelSpec(),
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
                    ["subjects"] = new JsonArray(Subject.ToFlowSchemaSubject()),
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

        // The level first: a schema naming a missing level would be left out (Dangling) until it appears.
        return new FaultPlan(
            $"{Level} every new API request of {Subject} in cluster {cluster}",
            [Create(PriorityLevels, priorityLevel), Create(FlowSchemas, flowSchema)],
            new BlastRadiusImpact(Name, [], [], [new ClusterImpact(cluster, 0, 0)]));
    }

    /// <summary>The name of the PriorityLevelConfiguration (and FlowSchema) this fault creates in a run.</summary>
    public static string ObjectName(Core.Journal.RunId run, string faultId) => $"chaos-throttle-{run}-{faultId}".ToLowerInvariant();
}
