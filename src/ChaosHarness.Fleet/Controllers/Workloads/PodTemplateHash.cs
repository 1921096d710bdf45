using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>
/// The <c>pod-template-hash</c> a Deployment stamps on each ReplicaSet's name, labels and selector: FNV-32a over the pod
/// template (and the collision count), spelled with Kubernetes' safe alphabet; and template equality that ignores it. Both
/// see the template as typed: a member set to null counts as missing.
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonNode? template, int? collisionCount)
    {
        var hash = 2166136261u;
        void Feed(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) hash = (hash ^ b) * 16777619u;
        }

        Feed(Encoding.UTF8.GetBytes(Canonical(TypedJson.WithoutNullMembers(template))));
        if (collisionCount is { } collisions) Feed(BitConverter.GetBytes((uint)collisions));
        var digits = hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Create(digits.Length, digits, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++) span[i] = SafeAlphabet[text[i] % SafeAlphabet.Length];
        });
    }

    /// <summary>Whether two pod templates are the same once the pod-template-hash label is set aside.</summary>
    public static bool EqualIgnoringHash(JsonNode? a, JsonNode? b) => TypedJson.Equal(WithoutHash(a), WithoutHash(b));

    private static JsonNode? WithoutHash(JsonNode? template)
    {
        if (template?.DeepClone() is not JsonObject copy) return template;
        if (copy["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject labels)
        {
            labels.Remove(Label);
            if (labels.Count == 0) metadata.Remove("labels");
        }

        return copy;
    }

    /// <summary>JSON with object keys sorted, so that key order never changes the hash.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{Canonical(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
