using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The JSON merge patch that turns one object into another, as Argo's controllers compute their status patches: changed
/// fields only, removed fields as null, lists replaced whole. Patching what changed (rather than writing the whole status)
/// keeps fields that someone else set meanwhile, such as <c>abort</c> from <c>kubectl argo rollouts abort</c>.
/// </summary>
public static class MergePatchDiff
{
    /// <summary>The patch, or null when the two are equal.</summary>
    public static JsonObject? Create(JsonObject? from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in to)
        {
            var before = from?[key];
            if (JsonNode.DeepEquals(before, value)) continue;
            if (before is JsonObject beforeObject && value is JsonObject afterObject)
            {
                if (Create(beforeObject, afterObject) is { } nested) patch[key] = nested;
                continue;
            }

            patch[key] = value?.DeepClone();
        }

        foreach (var (key, _) in from ?? [])
        {
            if (!to.ContainsKey(key)) patch[key] = null;
        }

        return patch.Count == 0 ? null : patch;
    }
}
