using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>
/// Validation of Deployments and ReplicaSets (and the pod template they carry), refusing with the API server's own 422
/// messages: negative replicas, a missing, empty or changed selector, a selector that does not match the template's labels,
/// a rolling update that may neither surge nor be unavailable.
/// </summary>
public sealed class WorkloadValidationPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Subresource is not null) return;
        if (request.Type != BuiltInResources.Deployments && request.Type != BuiltInResources.ReplicaSets) return;
        var causes = new List<StatusCause>();
        var spec = request.Object["spec"] as JsonObject ?? [];
        if (spec["replicas"].AsLong() is < 0 and var replicas)
        {
            causes.Add(Invalid("spec.replicas", replicas.ToString()!, "must be greater than or equal to 0"));
        }

        var selector = spec["selector"] as JsonObject;
        var templateLabels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        if (selector is null)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.selector"));
        }
        else if (IsEmpty(selector))
        {
            causes.Add(Invalid("spec.selector", GoLabelSelector(selector), $"empty selector is invalid for {request.Type.Singular}"));
        }
        else if (!SelectorMatches(selector, templateLabels))
        {
            causes.Add(Invalid("spec.template.metadata.labels", GoStringMap(templateLabels), "`selector` does not match template `labels`"));
        }

        if (request.Operation == AdmissionOperation.Update && request.Existing?.ToJsonObject()["spec"]?["selector"] is JsonObject before &&
            selector is not null && !JsonNode.DeepEquals(before, selector))
        {
            causes.Add(Invalid("spec.selector", GoLabelSelector(selector), "field is immutable"));
        }

        causes.AddRange(PodTemplateValidation.Check(spec["template"]?["spec"] as JsonObject, "spec.template.spec", requireRestartAlways: true));
        if (request.Type == BuiltInResources.Deployments) causes.AddRange(DeploymentStrategyCauses(spec));
        if (causes.Count > 0) throw ApiException.Invalid(request.Type, (string?)request.Object["metadata"]?["name"] ?? "", [.. causes]);
    }

    private static IEnumerable<StatusCause> DeploymentStrategyCauses(JsonObject spec)
    {
        var rolling = spec["strategy"]?["rollingUpdate"] as JsonObject;
        if (rolling is not null && IsZero(rolling["maxSurge"]) && IsZero(rolling["maxUnavailable"]))
        {
            yield return Invalid("spec.strategy.rollingUpdate.maxUnavailable", GoIntOrString(rolling["maxUnavailable"]), "may not be 0 when `maxSurge` is 0");
        }

        var deadline = spec["progressDeadlineSeconds"].AsLong();
        var minReady = spec["minReadySeconds"].AsLong() ?? 0;
        if (deadline is { } d && d <= minReady)
        {
            yield return Invalid("spec.progressDeadlineSeconds", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than minReadySeconds");
        }
    }

    private static StatusCause Invalid(string field, string value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: {value}: {detail}", field);

    private static bool IsEmpty(JsonObject selector) =>
        selector["matchLabels"] is not JsonObject { Count: > 0 } && selector["matchExpressions"] is not JsonArray { Count: > 0 };

    private static bool IsZero(JsonNode? value) => value?.ToString() is "0" or "0%";

    private static bool SelectorMatches(JsonObject selector, JsonObject? labels)
    {
        string? LabelOf(string key) => labels?[key]?.ToString();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (LabelOf(key) != value?.ToString()) return false;
        }

        foreach (var expression in selector["matchExpressions"].Objects())
        {
            var key = (string?)expression["key"] ?? "";
            var actual = LabelOf(key);
            var values = (expression["values"] as JsonArray)?.Select(v => v?.ToString()).ToList() ?? [];
            var ok = (string?)expression["operator"] switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>A label map as Go's <c>%#v</c> prints it, keys sorted: <c>map[string]string{"app":"web"}</c>.</summary>
    internal static string GoStringMap(JsonObject? map) =>
        map is null
            ? "map[string]string(nil)"
            : "map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";

    private static string GoLabelSelector(JsonObject selector)
    {
        var expressions = selector["matchExpressions"] is JsonArray { Count: > 0 } list
            ? "[]v1.LabelSelectorRequirement{" + string.Join(", ", list.OfType<JsonObject>().Select(e =>
                $"v1.LabelSelectorRequirement{{Key:\"{e["key"]}\", Operator:\"{e["operator"]}\", Values:[]string{{{string.Join(", ", (e["values"] as JsonArray ?? []).Select(v => $"\"{v}\""))}}}}}")) + "}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return $"v1.LabelSelector{{MatchLabels:{GoStringMap(selector["matchLabels"] as JsonObject)}, MatchExpressions:{expressions}}}";
    }

    private static string GoIntOrString(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var text)
            ? $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:\"{text}\"}}"
            : $"intstr.IntOrString{{Type:0, IntVal:{value?.ToString() ?? "0"}, StrVal:\"\"}}";
}
