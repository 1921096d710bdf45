using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// JSON as the real API server and controllers see it once decoded into typed objects: a member set to null is the same as
/// a missing one. Clients write such nulls — kubectl's <c>rollout undo</c> sends a pod template with
/// <c>"creationTimestamp": null</c> — and a comparison of the raw JSON would take them for a change.
/// </summary>
public static class TypedJson
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> decode to the same object.</summary>
    public static bool Equal(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(WithoutNullMembers(a), WithoutNullMembers(b));

    /// <summary>A copy without the object members whose value is null, at any depth.</summary>
    public static JsonNode? WithoutNullMembers(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNullMembers(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(WithoutNullMembers)]),
        null => null,
        _ => node.DeepClone(),
    };
}
