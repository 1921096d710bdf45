using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>
/// The API server's defaulting of every pod spec (SetDefaults_PodSpec and its containers), in pods and in the pod templates
/// of Deployments and ReplicaSets, so that what clients read back matches a real cluster and template comparisons are stable.
/// </summary>
public sealed class PodSpecDefaultsPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Subresource is not null) return;
        var spec = PodSpecOf(request.Type, request.Object);
        if (spec is null) return;
        spec.Default("restartPolicy", "Always");
        spec.Default("terminationGracePeriodSeconds", 30);
        spec.Default("dnsPolicy", "ClusterFirst");
        spec.Default("securityContext", new JsonObject());
        spec.Default("schedulerName", "default-scheduler");
        foreach (var container in spec["initContainers"].Objects().Concat(spec["containers"].Objects())) DefaultContainer(container);
    }

    /// <summary>The pod spec a write carries: a pod's own, or a workload's template's.</summary>
    internal static JsonObject? PodSpecOf(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Pods) return obj["spec"] as JsonObject;
        if (type == BuiltInResources.Deployments || type == BuiltInResources.ReplicaSets)
        {
            return obj["spec"]?["template"]?["spec"] as JsonObject;
        }

        return null;
    }

    private static void DefaultContainer(JsonObject container)
    {
        container.Default("terminationMessagePath", "/dev/termination-log");
        container.Default("terminationMessagePolicy", "File");
        container.Default("imagePullPolicy", PullsAlways((string?)container["image"]) ? "Always" : "IfNotPresent");
        container.Default("resources", new JsonObject());
        if (container["resources"] is JsonObject { } resources &&
            resources["limits"] is JsonObject limits && resources["requests"] is not JsonObject)
        {
            resources["requests"] = limits.DeepClone();
        }

        foreach (var port in container["ports"].Objects()) port.Default("protocol", "TCP");
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
        {
            if (container[probe] is not JsonObject p) continue;
            p.Default("timeoutSeconds", 1);
            p.Default("periodSeconds", 10);
            p.Default("successThreshold", 1);
            p.Default("failureThreshold", 3);
            if (p["httpGet"] is JsonObject http) http.Default("scheme", "HTTP");
        }
    }

    /// <summary>Images without a tag, or tagged latest, are pulled every time.</summary>
    private static bool PullsAlways(string? image)
    {
        if (string.IsNullOrEmpty(image) || image.Contains('@', StringComparison.Ordinal)) return false;
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || lastSegment[(colon + 1)..] == "latest";
    }
}
