using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>The taints the node lifecycle controller manages, and how it swaps them on a node (SwapNodeControllerTaint).</summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    public static bool Has(V1Node node, string key, string effect) =>
        node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == effect) == true;

    /// <summary>Adds <paramref name="add"/> (stamped with now) and removes <paramref name="remove"/> (by key and effect) in one update.</summary>
    public static async Task<bool> SwapAsync(ClusterClient client, StoredObject node, IReadOnlyCollection<(string Key, string Effect)> add,
        IReadOnlyCollection<(string Key, string Effect)> remove, CancellationToken cancellationToken)
    {
        var written = await client.UpdateAsync(node, body =>
        {
            if (body["spec"] is not JsonObject spec) body["spec"] = spec = [];
            var taints = spec["taints"] as JsonArray ?? [];
            var kept = taints.OfType<JsonObject>()
                .Where(t => !remove.Contains(((string?)t["key"] ?? "", (string?)t["effect"] ?? "")))
                .Select(t => t.DeepClone())
                .ToList();
            var changed = kept.Count != taints.Count;
            foreach (var (key, effect) in add)
            {
                if (kept.OfType<JsonObject>().Any(t => (string?)t["key"] == key && (string?)t["effect"] == effect)) continue;
                kept.Add(new JsonObject { ["key"] = key, ["effect"] = effect, ["timeAdded"] = KubernetesTime.Format(client.Clock.GetUtcNow()) });
                changed = true;
            }

            if (!changed) return false;
            if (kept.Count == 0) spec.Remove("taints");
            else spec["taints"] = new JsonArray([.. kept]);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return written is not null;
    }
}
