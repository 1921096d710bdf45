using System.Text.Json.Nodes;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// Cordons and taints one node, and undoes exactly that. Both directions read the node, compute the change and
/// write it with the read resource version as a precondition, retrying on a conflict, so a concurrent change by
/// someone else (another taint, a person's cordon) is never overwritten.
/// </summary>
internal static class NodeOutage
{
    private const int MaxConflicts = 10;

    public static Task TakeOutAsync(ClusterConnection cluster, string node, RunId run, CancellationToken cancellationToken)
        => UpdateAsync(cluster, node, body =>
        {
            var taints = Taints(body);
            if (taints.Any(t => IsOurs(t, run)))
            {
                return null;
            }

            var alreadyCordoned = body.Bool("spec.unschedulable") == true;
            taints.Add(new JsonObject { ["key"] = NodeOutageMarks.TaintKey, ["value"] = run.Value, ["effect"] = NodeOutageMarks.TaintEffect });
            var annotations = new JsonObject();
            if (!alreadyCordoned)
            {
                annotations[NodeOutageMarks.CordonedByAnnotation] = run.Value;
            }

            return new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = new JsonObject { [NodeOutageMarks.RunLabel] = run.Value },
                    ["annotations"] = annotations,
                },
                ["spec"] = new JsonObject { ["unschedulable"] = true, ["taints"] = new JsonArray([.. taints]) },
            };
        }, cancellationToken);

    public static Task BringBackAsync(ClusterConnection cluster, string node, RunId run, CancellationToken cancellationToken)
        => UpdateAsync(cluster, node, body =>
        {
            var taints = Taints(body);
            var ours = taints.RemoveAll(t => IsOurs(t, run));
            var cordonedByUs = (body.At("metadata.annotations") as JsonObject)?[NodeOutageMarks.CordonedByAnnotation]?.GetValue<string>() == run.Value;
            var labelledByUs = (body.At("metadata.labels") as JsonObject)?[NodeOutageMarks.RunLabel]?.GetValue<string>() == run.Value;
            if (ours == 0 && !cordonedByUs && !labelledByUs)
            {
                return null;
            }

            var metadata = new JsonObject();
            if (labelledByUs)
            {
                metadata["labels"] = new JsonObject { [NodeOutageMarks.RunLabel] = null };
            }

            if (cordonedByUs)
            {
                metadata["annotations"] = new JsonObject { [NodeOutageMarks.CordonedByAnnotation] = null };
            }

            var spec = new JsonObject { ["taints"] = taints.Count == 0 ? null : new JsonArray([.. taints]) };
            if (cordonedByUs)
            {
                spec["unschedulable"] = null;
            }

            return new JsonObject { ["metadata"] = metadata, ["spec"] = spec };
        }, cancellationToken);

    private static async Task UpdateAsync(ClusterConnection cluster, string node, Func<JsonObject, JsonObject?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var body = await cluster.Rest.GetAsync(ResourceKind.Node, null, node, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            var patch = change(body);
            if (patch is null)
            {
                return;
            }

            ((JsonObject)patch["metadata"]!)["resourceVersion"] = body.Str("metadata.resourceVersion");
            try
            {
                await cluster.Rest.PatchAsync(ResourceKind.Node, null, node, PatchKind.Merge, patch, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KubernetesApiException e) when (e.IsConflict && attempt < MaxConflicts)
            {
            }
        }
    }

    private static List<JsonNode> Taints(JsonObject node)
        => node.Objects("spec.taints").Select(t => t.DeepClone()).ToList();

    private static bool IsOurs(JsonNode taint, RunId run)
        => taint.Str("key") == NodeOutageMarks.TaintKey && taint.Str("value") == run.Value && taint.Str("effect") == NodeOutageMarks.TaintEffect;
}
