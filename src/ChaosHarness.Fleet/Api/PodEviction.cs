using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// The <c>eviction</c> subresource of pods: deletes a pod unless that would violate the PodDisruptionBudget covering it,
/// as the real API server decides (one budget at most; a budget not yet processed or with no disruptions allowed refuses
/// with 429 and a DisruptionBudget cause; an unready pod may go while the budget is met; each allowed eviction is
/// recorded in the budget's status before the pod is deleted).
/// </summary>
public static class PodEviction
{
    private const int ConflictRetries = 5;
    private const string DisruptionBudgetCause = "DisruptionBudget";
    public const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    public static void Evict(ClusterApi api, ApiCaller caller, string ns, string podName, JsonObject eviction, bool dryRun)
    {
        if (eviction["metadata"]?["name"]?.ToString() is { Length: > 0 } bodyName && bodyName != podName)
        {
            throw ApiException.BadRequest($"name in URL does not match name in Eviction object");
        }

        var options = DeleteRequest.FromOptions(eviction["deleteOptions"] as JsonObject);
        if (dryRun) options = options with { DryRun = true };

        for (var attempt = 0; ; attempt++)
        {
            var pod = api.Get(BuiltInResources.Pods, ns, podName);
            if (options.ExpectedUid is not null && options.ExpectedUid != pod.Uid) throw ApiException.Conflict(BuiltInResources.Pods, podName);
            if (pod.IsTerminating || IsTerminal(pod))
            {
                Delete(api, caller, ns, podName, options);
                return;
            }

            var budgets = api.List(BuiltInResources.PodDisruptionBudgets, new ListRequest(ns)).Items.Where(b => Covers(b, pod)).ToList();
            if (budgets.Count == 0)
            {
                Delete(api, caller, ns, podName, options);
                return;
            }

            if (budgets.Count > 1)
            {
                throw ApiException.InternalError("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }

            try
            {
                ConsumeDisruption(api, caller, budgets[0], pod, options.DryRun);
                Delete(api, caller, ns, podName, options);
                return;
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < ConflictRetries)
            {
                // The budget changed under us: decide again on its latest status.
            }
        }
    }

    /// <summary>Takes one allowed disruption from the budget, unless the pod is unready and the budget met without it.</summary>
    private static void ConsumeDisruption(ClusterApi api, ApiCaller caller, StoredObject budget, StoredObject pod, bool dryRun)
    {
        var body = budget.ToJsonObject();
        var status = body["status"] as JsonObject;
        var generation = (long?)body["metadata"]?["generation"] ?? 0;
        var observed = (long?)status?["observedGeneration"] ?? 0;
        if (status is null || observed < generation)
        {
            throw Refusal($"The disruption budget {budget.Name} is still being processed by the server.");
        }

        var currentHealthy = (long?)status["currentHealthy"] ?? 0;
        var desiredHealthy = (long?)status["desiredHealthy"] ?? 0;
        if (!IsReady(pod) && currentHealthy >= desiredHealthy && desiredHealthy > 0) return;

        var allowed = (long?)status["disruptionsAllowed"] ?? 0;
        if (allowed <= 0)
        {
            throw Refusal($"The disruption budget {budget.Name} needs {desiredHealthy} healthy pods and has {currentHealthy} currently");
        }

        status["disruptionsAllowed"] = allowed - 1;
        if (status["disruptedPods"] is not JsonObject disrupted) status["disruptedPods"] = disrupted = [];
        disrupted[pod.Name] = KubernetesTime.Format(api.Clock.GetUtcNow());
        api.Replace(caller, BuiltInResources.PodDisruptionBudgets, budget.Namespace, budget.Name, body, "status", dryRun);
    }

    private static ApiException Refusal(string cause) =>
        ApiException.TooManyRequests(ViolationMessage, retryAfterSeconds: null, [new StatusCause(DisruptionBudgetCause, cause)]);

    private static void Delete(ClusterApi api, ApiCaller caller, string ns, string podName, DeleteRequest options) =>
        api.Delete(caller, BuiltInResources.Pods, ns, podName, options);

    private static bool Covers(StoredObject budget, StoredObject pod)
    {
        var selector = budget.ToModel<V1PodDisruptionBudget>().Spec?.Selector;
        try
        {
            return LabelSelector.From(selector).Matches(pod.Labels);
        }
        catch (SelectorException)
        {
            return false;
        }
    }

    private static bool IsTerminal(StoredObject pod) => pod.FieldValue("status.phase") is "Succeeded" or "Failed";

    private static bool IsReady(StoredObject pod)
    {
        using var document = JsonDocument.Parse(pod.Json);
        if (!document.RootElement.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions)
            || conditions.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return conditions.EnumerateArray().Any(c =>
            c.TryGetProperty("type", out var t) && t.GetString() == "Ready" &&
            c.TryGetProperty("status", out var s) && string.Equals(s.GetString(), "True", StringComparison.Ordinal));
    }

}
