using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>): members set to null are deleted, objects merge
/// recursively, anything else (lists included) replaces. It cannot fail.
/// </summary>
public static class MergePatch
{
    /// <summary>Returns the patched copy of <paramref name="target"/>; neither argument is modified.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var merged = target is JsonObject original ? (JsonObject)original.DeepClone() : [];
        foreach (var (name, value) in members)
        {
            if (value is null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = Apply(merged[name], value);
            }
        }

        return merged;
    }
}
