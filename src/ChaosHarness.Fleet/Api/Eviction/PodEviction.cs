using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Api.Eviction;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/pods/{name}/eviction</c>: deletes a pod unless that would break its PodDisruptionBudget,
/// as the API server's eviction subresource does. The budget is checked and decremented (recorded in
/// <c>status.disruptedPods</c>) before the pod is deleted gracefully.
/// </summary>
public sealed class PodEviction
{
    public const string BudgetViolatedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";
    public const string DisruptionBudgetCause = "DisruptionBudget";
    private const int ConflictRetries = 20;

    /// <summary>The API server updates budgets with its own loopback identity, not the evicting user's.</summary>
    private static readonly ApiCaller ApiServer = new("system:apiserver", ["system:masters", "system:authenticated"]);

    private readonly ClusterApi _api;

    public PodEviction(ClusterApi api) => _api = api;

    /// <summary>
    /// Evicts <paramref name="podName"/>. <paramref name="eviction"/> is the policy/v1 (or v1beta1) Eviction body; its
    /// <c>deleteOptions</c> (grace period, preconditions, dry run) apply to the deletion.
    /// Returns the <c>Status</c> to send, whose <c>code</c> is the HTTP status: 201 once the pod is deleted (or marked for
    /// graceful deletion), 500 when more than one budget covers the pod. Refusals are thrown as <see cref="ApiException"/>:
    /// 404 for an unknown pod, 429 with a <c>DisruptionBudget</c> cause when the budget allows no disruption.
    /// </summary>
    public JsonObject Evict(ApiCaller caller, string ns, string podName, JsonObject eviction, bool dryRun = false)
    {
        var bodyName = (string?)eviction["metadata"]?["name"];
        if (bodyName is not null && bodyName != podName)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        var options = DeleteRequestOf(eviction, dryRun);
        var pod = _api.Get(BuiltInResources.Pods, ns, podName);
        var model = pod.ToModel<V1Pod>();
        for (var attempt = 0; CanIgnoreBudget(model); attempt++)
        {
            // A pod that may still start running is deleted only as it was read; if it changed meanwhile, the API server
            // reads it again and decides again (budget included), as its eviction handler retries conflicts.
            var enforceVersion = !PodFacts.IsTerminal(model) && !PodFacts.IsTerminating(model) && options.ExpectedResourceVersion is null;
            try
            {
                DeletePod(caller, pod, enforceVersion ? options with { ExpectedResourceVersion = pod.ResourceVersion } : options);
                return Success();
            }
            catch (ApiException e) when (e.Code == 409 && enforceVersion && attempt < ConflictRetries)
            {
                pod = _api.Get(BuiltInResources.Pods, ns, podName);
                model = pod.ToModel<V1Pod>();
            }
        }

        var budgets = BudgetsCovering(ns, pod);
        if (budgets.Count > 1)
        {
            return Failure(500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }

        var deletion = options;
        if (budgets.Count == 1)
        {
            var budget = budgets[0];
            var unhealthyMayGo = !PodFacts.IsReady(model) && MayEvictUnhealthyPod(budget);
            if (unhealthyMayGo)
            {
                if (options.ExpectedResourceVersion is null) deletion = options with { ExpectedResourceVersion = pod.ResourceVersion };
            }
            else
            {
                CheckAndDecrement(budget, podName, options.DryRun);
            }

            try
            {
                DeletePod(caller, pod, deletion);
            }
            catch (ApiException e) when (e.Code == 409 && unhealthyMayGo && options.ExpectedResourceVersion is null)
            {
                throw StillProcessing(budget.Name);
            }

            return Success();
        }

        DeletePod(caller, pod, deletion);
        return Success();
    }

    /// <summary>
    /// Marks the pod as a disruption target (EvictionByEvictionAPI), as the API server does since PodDisruptionConditions,
    /// then deletes it with the eviction's options. The mark is written onto the latest pod, as the API server's
    /// guaranteed update does (a kubelet's status write in between is no conflict); only a resource-version precondition
    /// the pod no longer meets is. A precondition on the pod as read moves to the marked version.
    /// </summary>
    private void DeletePod(ApiCaller caller, StoredObject pod, DeleteRequest options)
    {
        if (!options.DryRun && !pod.IsTerminating)
        {
            var read = pod.ResourceVersion;
            var marked = MarkDisruptionTarget(pod, options.ExpectedResourceVersion);
            if (options.ExpectedResourceVersion == read) options = options with { ExpectedResourceVersion = marked.ResourceVersion };
        }

        _api.Delete(caller, BuiltInResources.Pods, pod.Namespace, pod.Name, options);
    }

    private StoredObject MarkDisruptionTarget(StoredObject pod, long? expectedResourceVersion)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (expectedResourceVersion is { } expected && expected != pod.ResourceVersion)
            {
                throw ApiException.Conflict(BuiltInResources.Pods, pod.Name);
            }

            var body = pod.ToJsonObject();
            if (body["status"] is not JsonObject status) body["status"] = status = [];
            if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
            if (conditions.OfType<JsonObject>().Any(c => (string?)c["type"] == "DisruptionTarget" && (string?)c["status"] == "True"))
            {
                return pod;
            }

            conditions.Add(new JsonObject
            {
                ["type"] = "DisruptionTarget",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = KubernetesTime.Format(_api.Clock.GetUtcNow()),
                ["reason"] = "EvictionByEvictionAPI",
                ["message"] = "Eviction API: evicting",
            });
            try
            {
                return _api.Replace(ApiServer, BuiltInResources.Pods, pod.Namespace, pod.Name, body, subresource: "status");
            }
            catch (ApiException e) when (e.Code == 409 && attempt < ConflictRetries)
            {
                pod = _api.Get(BuiltInResources.Pods, pod.Namespace, pod.Name);
            }
        }
    }

    /// <summary>A pod that is not running yet, has finished or is already going causes no new disruption.</summary>
    private static bool CanIgnoreBudget(V1Pod pod) =>
        pod.Status?.Phase is "Succeeded" or "Failed" or "Pending" || PodFacts.IsTerminating(pod);

    /// <summary>An unready pod does not count as healthy, so evicting it costs no disruption while the budget is met.</summary>
    private static bool MayEvictUnhealthyPod(StoredObject budget)
    {
        var model = budget.ToModel<V1PodDisruptionBudget>();
        if (model.Spec?.UnhealthyPodEvictionPolicy == "AlwaysAllow") return true;
        var status = model.Status;
        return status is not null && status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0;
    }

    private void CheckAndDecrement(StoredObject budget, string podName, bool dryRun)
    {
        for (var attempt = 0; ; attempt++)
        {
            var model = budget.ToModel<V1PodDisruptionBudget>();
            var status = model.Status ?? new V1PodDisruptionBudgetStatus();
            if ((status.ObservedGeneration ?? 0) < (model.Metadata.Generation ?? 0)) throw StillProcessing(budget.Name);
            if (status.DisruptionsAllowed < 0)
            {
                throw Forbidden(budget.Name, "pdb disruptions allowed is negative");
            }

            if (status.DisruptedPods?.Count > 2000)
            {
                throw Forbidden(budget.Name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }

            if (status.DisruptionsAllowed == 0)
            {
                throw ApiException.TooManyRequests(BudgetViolatedMessage, null,
                [
                    new StatusCause(DisruptionBudgetCause,
                        $"The disruption budget {budget.Name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently"),
                ]);
            }

            if (dryRun) return;
            var body = budget.ToJsonObject();
            var statusNode = body["status"] as JsonObject ?? [];
            body["status"] = statusNode;
            var allowed = status.DisruptionsAllowed - 1;
            statusNode["disruptionsAllowed"] = allowed;
            if (statusNode["disruptedPods"] is not JsonObject disrupted) statusNode["disruptedPods"] = disrupted = [];
            disrupted[podName] = KubernetesTime.Format(_api.Clock.GetUtcNow());
            if (allowed == 0) MarkDisruptionNotAllowed(statusNode, status.ObservedGeneration ?? 0);
            try
            {
                _api.Replace(ApiServer, BuiltInResources.PodDisruptionBudgets, budget.Namespace, budget.Name, body, subresource: "status");
                return;
            }
            catch (ApiException e) when (e.Code == 409 && attempt < ConflictRetries)
            {
                budget = _api.Get(BuiltInResources.PodDisruptionBudgets, budget.Namespace, budget.Name);
            }
        }
    }

    private void MarkDisruptionNotAllowed(JsonObject status, long observedGeneration)
    {
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "DisruptionAllowed");
        if (existing is not null && (string?)existing["status"] == "False" && (string?)existing["reason"] == "InsufficientPods") return;
        var condition = new JsonObject
        {
            ["type"] = "DisruptionAllowed",
            ["status"] = "False",
            ["reason"] = "InsufficientPods",
            ["message"] = "",
            ["observedGeneration"] = observedGeneration,
            ["lastTransitionTime"] = KubernetesTime.Format(_api.Clock.GetUtcNow()),
        };
        if (existing is null) conditions.Add(condition);
        else conditions[conditions.IndexOf(existing)] = condition;
    }

    private List<StoredObject> BudgetsCovering(string ns, StoredObject pod) =>
        [.. _api.List(BuiltInResources.PodDisruptionBudgets, new ListRequest(ns)).Items.Where(budget =>
        {
            try
            {
                // policy/v1: an empty selector covers every pod of the namespace; a missing or invalid one covers none.
                return LabelSelector.From(budget.ToModel<V1PodDisruptionBudget>().Spec?.Selector).Matches(pod.Labels);
            }
            catch (SelectorException)
            {
                return false;
            }
        })];

    private static DeleteRequest DeleteRequestOf(JsonObject eviction, bool dryRun)
    {
        var options = DeleteRequest.FromOptions(eviction["deleteOptions"] as JsonObject);
        return dryRun ? options with { DryRun = true } : options;
    }

    private static ApiException StillProcessing(string budgetName) =>
        ApiException.TooManyRequests(BudgetViolatedMessage, 10,
            [new StatusCause(DisruptionBudgetCause, $"The disruption budget {budgetName} is still being processed by the server.")]);

    private static ApiException Forbidden(string budgetName, string why) =>
        new(403, "Forbidden", $"poddisruptionbudget.policy \"{budgetName}\" is forbidden: {why}",
            BuiltInResources.PodDisruptionBudgets, budgetName);

    private static JsonObject Success() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["code"] = 201,
    };

    private static JsonObject Failure(int code, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["code"] = code,
    };
}
