using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// How the ingress splits one app's traffic, as Argo Rollouts' nginx traffic routing configures it: pods of the app's
/// selector, <see cref="CanaryWeight"/> % to the canary pod-template hash and the rest to the stable one. Without a stable
/// hash (a Rollout that has not yet been reconciled), every ready pod of the selector serves.
/// </summary>
public sealed record IngressRoute
{
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();
    public string? StableHash { get; init; }
    public string? CanaryHash { get; init; }
    public int CanaryWeight { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The route a ConfigMap value holds, or null when it holds none the ingress understands.</summary>
    public static IngressRoute? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<IngressRoute>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public bool Equals(IngressRoute? other) =>
        other is not null && StableHash == other.StableHash && CanaryHash == other.CanaryHash && CanaryWeight == other.CanaryWeight &&
        Selector.Count == other.Selector.Count && Selector.All(l => other.Selector.TryGetValue(l.Key, out var v) && v == l.Value);

    public override int GetHashCode() => HashCode.Combine(StableHash, CanaryHash, CanaryWeight, Selector.Count);
}
