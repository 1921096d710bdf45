using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Api.Selectors;
using k8s;
using k8s.Models;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// The <c>scale</c> subresource: an autoscaling/v1 <c>Scale</c> view over <c>spec.replicas</c>, <c>status.replicas</c>
/// and the selector (as a string), read and written through the parent object.
/// </summary>
public static class ScaleSubresource
{
    private const int ConflictRetries = 5;

    public static ResourceType ScaleType { get; } = new()
    {
        Group = "autoscaling", Version = "v1", Kind = "Scale", Plural = "scale", Namespaced = true,
    };

    public static JsonObject Get(ClusterApi api, ResourceType type, string? ns, string name) => ScaleOf(RequireScalable(api, type, ns, name));

    /// <summary>PUT: sets the parent's <c>spec.replicas</c>; a resource version in the Scale must still be the parent's.</summary>
    public static JsonObject Update(ClusterApi api, ApiCaller caller, ResourceType type, string? ns, string name, JsonObject scale, bool dryRun)
    {
        if ((string?)scale["kind"] is { } kind && kind != ScaleType.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({ScaleType.Kind})");
        }

        if (scale["metadata"]?["name"]?.ToString() is { } bodyName && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var replicas = ReplicasOf(scale, name);
        var asked = scale["metadata"]?["resourceVersion"]?.ToString() is { Length: > 0 } rvText && long.TryParse(rvText, out var rv) ? rv : (long?)null;
        for (var attempt = 0; ; attempt++)
        {
            var current = RequireScalable(api, type, ns, name);
            if (asked is { } expected && expected != current.ResourceVersion) throw ApiException.Conflict(type, name);
            var body = current.ToJsonObject();
            if (body["spec"] is not JsonObject spec) body["spec"] = spec = [];
            spec["replicas"] = replicas;
            try
            {
                return ScaleOf(api.Replace(caller, type, ns, name, body, dryRun: dryRun));
            }
            catch (ApiException e) when (e.Reason == "Conflict" && asked is null && attempt < ConflictRetries)
            {
                // The parent moved on between read and write; a scale without a resource version applies to the latest.
            }
        }
    }

    /// <summary>PATCH: applies the patch to the Scale view, then writes it back as <see cref="Update"/> does.</summary>
    public static JsonObject Patch(ClusterApi api, ApiCaller caller, ResourceType type, string? ns, string name, PatchType patchType,
        ReadOnlyMemory<byte> patch, bool dryRun)
    {
        var current = Get(api, type, ns, name);
        var patched = ObjectPatcher.Apply(ScaleType, current.DeepClone().AsObject(), patchType, patch.Span);
        var currentRv = current["metadata"]!["resourceVersion"]!.ToString();
        if (patched["metadata"]?["resourceVersion"]?.ToString() == currentRv) patched["metadata"]!.AsObject().Remove("resourceVersion");
        return Update(api, caller, type, ns, name, patched, dryRun);
    }

    private static StoredObject RequireScalable(ClusterApi api, ResourceType type, string? ns, string name)
    {
        if (!type.HasScale) throw ApiException.NotFound(type, $"{name}/scale");
        return api.Get(type, ns, name);
    }

    private static int ReplicasOf(JsonObject scale, string name)
    {
        var node = scale["spec"]?["replicas"];
        long replicas;
        try
        {
            replicas = node is null ? 0 : node.GetValue<long>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ApiException.BadRequest($"spec.replicas: must be an integer, got {node!.ToJsonString()}");
        }

        if (replicas is < 0 or > int.MaxValue)
        {
            throw ApiException.Invalid(ScaleType, name,
                new StatusCause("FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0", "spec.replicas"));
        }

        return (int)replicas;
    }

    private static string SelectorText(JsonElement selector)
    {
        try
        {
            return LabelSelector.From(KubernetesJson.Deserialize<V1LabelSelector>(selector.GetRawText())).ToString();
        }
        catch (SelectorException)
        {
            return "";
        }
    }

    private static JsonObject ScaleOf(StoredObject parent)
    {
        using var document = JsonDocument.Parse(parent.Json);
        var root = document.RootElement;
        var metadata = root.GetProperty("metadata");
        var scaleMetadata = new JsonObject { ["name"] = parent.Name };
        if (parent.Namespace is not null) scaleMetadata["namespace"] = parent.Namespace;
        scaleMetadata["uid"] = parent.Uid;
        scaleMetadata["resourceVersion"] = parent.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (metadata.TryGetProperty("creationTimestamp", out var created)) scaleMetadata["creationTimestamp"] = created.GetString();

        var spec = root.TryGetProperty("spec", out var s) ? s : default;
        var status = root.TryGetProperty("status", out var st) ? st : default;
        var specReplicas = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("replicas", out var r) && r.TryGetInt64(out var rn) ? rn : 1;
        var statusReplicas = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("replicas", out var sr) && sr.TryGetInt64(out var srn) ? srn : 0;
        // Custom resources publish the selector as a string in their status (labelSelectorPath), as Argo Rollouts does.
        var selector = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("selector", out var published) && published.ValueKind == JsonValueKind.String
            ? published.GetString() ?? ""
            : spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("selector", out var sel) ? SelectorText(sel) : "";

        return new JsonObject
        {
            ["kind"] = ScaleType.Kind,
            ["apiVersion"] = ScaleType.ApiVersion,
            ["metadata"] = scaleMetadata,
            ["spec"] = new JsonObject { ["replicas"] = specReplicas },
            ["status"] = new JsonObject { ["replicas"] = statusReplicas, ["selector"] = selector },
        };
    }
}
