using System.Text.Json;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// A <c>metav1.LabelSelector</c> written as the selector string Kubernetes shows (Scale's <c>status.selector</c>,
/// <c>kubectl get -o wide</c>): requirements sorted by key, <c>app=web,tier in (a,b),!legacy</c>.
/// </summary>
public static class LabelSelectorText
{
    public static string Format(JsonElement selector)
    {
        if (selector.ValueKind != JsonValueKind.Object) return "";
        var requirements = new List<(string Key, string Text)>();
        if (selector.TryGetProperty("matchLabels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            requirements.AddRange(labels.EnumerateObject().Select(l => (l.Name, $"{l.Name}={l.Value.GetString()}")));
        }

        if (selector.TryGetProperty("matchExpressions", out var expressions) && expressions.ValueKind == JsonValueKind.Array)
        {
            foreach (var expression in expressions.EnumerateArray())
            {
                var key = expression.TryGetProperty("key", out var k) ? k.GetString() ?? "" : "";
                var op = expression.TryGetProperty("operator", out var o) ? o.GetString() : null;
                var values = expression.TryGetProperty("values", out var v) && v.ValueKind == JsonValueKind.Array
                    ? string.Join(",", v.EnumerateArray().Select(x => x.GetString()).Order(StringComparer.Ordinal))
                    : "";
                requirements.Add((key, op switch
                {
                    "In" => $"{key} in ({values})",
                    "NotIn" => $"{key} notin ({values})",
                    "Exists" => key,
                    "DoesNotExist" => $"!{key}",
                    _ => $"{key} {op} ({values})",
                }));
            }
        }

        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
