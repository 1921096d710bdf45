using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>
/// What a created pod gets besides its spec defaults: the service account (ServiceAccount plugin), priority (Priority
/// plugin), service links, and a first status — phase Pending with its QoS class.
/// </summary>
public sealed class PodDefaultsPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.Pods || request.Operation != AdmissionOperation.Create) return;
        var spec = request.Object.Child("spec");
        var account = (string?)spec["serviceAccountName"] ?? (string?)spec["serviceAccount"] ?? "default";
        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        spec.Default("priority", 0);
        spec.Default("enableServiceLinks", true);
        spec.Default("preemptionPolicy", "PreemptLowerPriority");

        var status = request.Object.Child("status");
        status["phase"] = "Pending";
        status["qosClass"] = QosClassOf(spec);
    }

    /// <summary>Guaranteed: every container's requests equal its cpu and memory limits; BestEffort: none asks for anything.</summary>
    internal static string QosClassOf(JsonObject spec)
    {
        var containers = spec["initContainers"].Objects().Concat(spec["containers"].Objects()).ToList();
        var anything = false;
        var guaranteed = containers.Count > 0;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            if (requests is { Count: > 0 } || limits is { Count: > 0 }) anything = true;
            foreach (var resource in (string[])["cpu", "memory"])
            {
                var limit = limits?[resource]?.ToString();
                var request = requests?[resource]?.ToString() ?? limit;
                if (limit is null || request != limit) guaranteed = false;
            }
        }

        return !anything ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
