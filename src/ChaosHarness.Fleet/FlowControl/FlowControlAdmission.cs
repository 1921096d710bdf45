using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// Defaulting and validation of <c>flowcontrol.apiserver.k8s.io/v1</c> objects as the real API server applies them, so
/// that a malformed throttle is refused with a 422 naming the field instead of classifying oddly: FlowSchemas get
/// <c>matchingPrecedence</c> 1000 and need a priority level, subjects and rules; limited levels get 30 shares, 0 %
/// lendable and (queuing) 64 queues, hand size 8, 50 per queue, and need their numbers in range.
/// </summary>
public sealed class FlowControlAdmission : IAdmissionPlugin
{
    private static readonly string[] DistinguisherMethods = ["ByNamespace", "ByUser"];
    private static readonly string[] SubjectKinds = ["Group", "ServiceAccount", "User"];
    private static readonly string[] LevelTypes = ["Exempt", "Limited"];
    private static readonly string[] LimitResponses = ["Queue", "Reject"];

    public void Admit(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subresource is not null || request.Object["spec"] is not JsonObject spec) return;
        var causes = new List<StatusCause>();
        if (request.Type == BuiltInResources.FlowSchemas) CheckFlowSchema(spec, causes);
        else if (request.Type == BuiltInResources.PriorityLevelConfigurations) CheckPriorityLevel(spec, causes);
        else return;
        if (causes.Count > 0) throw ApiException.Invalid(request.Type, (string?)request.Object["metadata"]?["name"] ?? "", [.. causes]);
    }

    private static void CheckFlowSchema(JsonObject spec, List<StatusCause> causes)
    {
        spec["matchingPrecedence"] ??= FlowSchemaMatcher.DefaultMatchingPrecedence;
        Range(spec, "matchingPrecedence", "spec.matchingPrecedence", 1, 10000, causes);
        if (string.IsNullOrEmpty((string?)spec["priorityLevelConfiguration"]?["name"]))
        {
            causes.Add(Required("spec.priorityLevelConfiguration.name", "must reference a priority level"));
        }

        if (spec["distinguisherMethod"]?["type"] is { } method) OneOf(method, "spec.distinguisherMethod.type", DistinguisherMethods, causes);
        var rules = spec["rules"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i] as JsonObject ?? [];
            var subjects = rule["subjects"] as JsonArray ?? [];
            if (subjects.Count == 0) causes.Add(Required($"spec.rules[{i}].subjects", "subjects must contain at least one value"));
            for (var s = 0; s < subjects.Count; s++) OneOf(subjects[s]?["kind"], $"spec.rules[{i}].subjects[{s}].kind", SubjectKinds, causes);
            if ((rule["resourceRules"] as JsonArray ?? []).Count == 0 && (rule["nonResourceRules"] as JsonArray ?? []).Count == 0)
            {
                causes.Add(Required($"spec.rules[{i}]", "at least one of resourceRules and nonResourceRules has to be non-empty"));
            }
        }
    }

    private static void CheckPriorityLevel(JsonObject spec, List<StatusCause> causes)
    {
        OneOf(spec["type"], "spec.type", LevelTypes, causes);
        if ((string?)spec["type"] == "Exempt")
        {
            if (spec["exempt"] is not JsonObject exempt) spec["exempt"] = exempt = [];
            exempt["nominalConcurrencyShares"] ??= 0;
            exempt["lendablePercent"] ??= 0;
            return;
        }

        if ((string?)spec["type"] != "Limited") return;
        if (spec["limited"] is not JsonObject limited)
        {
            causes.Add(Required("spec.limited", "must not be empty when type is Limited"));
            return;
        }

        limited["nominalConcurrencyShares"] ??= 30;
        limited["lendablePercent"] ??= 0;
        Range(limited, "nominalConcurrencyShares", "spec.limited.nominalConcurrencyShares", 0, int.MaxValue, causes);
        Range(limited, "lendablePercent", "spec.limited.lendablePercent", 0, 100, causes);
        if (limited["borrowingLimitPercent"] is not null) Range(limited, "borrowingLimitPercent", "spec.limited.borrowingLimitPercent", 0, int.MaxValue, causes);
        var response = limited["limitResponse"] as JsonObject;
        if (response is null)
        {
            causes.Add(Required("spec.limited.limitResponse.type", "must not be empty"));
            return;
        }

        OneOf(response["type"], "spec.limited.limitResponse.type", LimitResponses, causes);
        if ((string?)response["type"] != "Queue") return;
        if (response["queuing"] is not JsonObject queuing) response["queuing"] = queuing = [];
        queuing["queues"] ??= 64;
        queuing["handSize"] ??= 8;
        queuing["queueLengthLimit"] ??= 50;
        Range(queuing, "queues", "spec.limited.limitResponse.queuing.queues", 1, int.MaxValue, causes);
        Range(queuing, "queueLengthLimit", "spec.limited.limitResponse.queuing.queueLengthLimit", 1, int.MaxValue, causes);
        Range(queuing, "handSize", "spec.limited.limitResponse.queuing.handSize", 1, NumberOf(queuing["queues"]) ?? 1, causes);
    }

    private static void Range(JsonObject parent, string property, string field, long min, long max, List<StatusCause> causes)
    {
        var value = NumberOf(parent[property]);
        if (value is { } number && number >= min && number <= max) return;
        var shown = parent[property]?.ToJsonString() ?? "null";
        var rule = max == int.MaxValue ? (min == 0 ? "must be a non-negative integer" : "must be positive") : $"must be between {min} and {max}, inclusive";
        causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {shown}: {rule}", field));
    }

    private static void OneOf(JsonNode? value, string field, string[] supported, List<StatusCause> causes)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (text is not null && supported.Contains(text)) return;
        causes.Add(text is null or ""
            ? Required(field, $"supported values: {string.Join(", ", supported.Select(x => $"\"{x}\""))}")
            : new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{text}\": supported values: {string.Join(", ", supported.Select(x => $"\"{x}\""))}", field));
    }

    /// <summary>An integer however the body holds it: parsed off the wire, or set in code as any numeric type.</summary>
    private static long? NumberOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.Number &&
        long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static StatusCause Required(string field, string detail) => new("FieldValueRequired", $"Required value: {detail}", field);
}
