using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// Reads the ingress route off an Argo Rollout that routes through nginx (<c>spec.strategy.canary.trafficRouting.nginx</c>):
/// the pods of <c>spec.selector.matchLabels</c>, split between <c>status.canary.weights.stable.podTemplateHash</c> (else
/// <c>status.stableRS</c>) and <c>status.canary.weights.canary.podTemplateHash</c> at the canary's weight.
/// </summary>
public static class RolloutRoute
{
    /// <summary>The route of <paramref name="rollout"/>, or null when it does not route through nginx.</summary>
    public static IngressRoute? Of(StoredObject rollout)
    {
        var body = rollout.ToJsonObject();
        if (body["spec"]?["strategy"]?["canary"]?["trafficRouting"]?["nginx"] is not JsonObject) return null;
        var selector = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["spec"]?["selector"]?["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (value is JsonValue text && text.TryGetValue<string>(out var label)) selector[key] = label;
            }
        }

        var weights = body["status"]?["canary"]?["weights"];
        var stable = Text(weights?["stable"]?["podTemplateHash"]) ?? Text(body["status"]?["stableRS"]);
        var canary = Text(weights?["canary"]?["podTemplateHash"]);
        var weight = weights?["canary"]?["weight"] is JsonValue w && w.TryGetValue<int>(out var canaryWeight) ? canaryWeight : 0;
        return new IngressRoute
        {
            Selector = selector,
            StableHash = stable,
            CanaryHash = canary == stable ? null : canary,
            CanaryWeight = canary == stable ? 0 : weight,
        };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
