using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>Fills <c>{{args.name}}</c> in a run's metrics with the values of its arguments.</summary>
internal static partial class MetricArguments
{
    public static List<Metric> Resolve(JsonArray? metrics, IReadOnlyList<AnalysisRunArgument> args)
    {
        var values = args.Where(a => a.Value is not null).ToDictionary(a => a.Name, a => a.Value!, StringComparer.Ordinal);
        return [.. (metrics ?? []).Select(m => ArgoJson.Read<Metric>(Substitute(m!.DeepClone(), values)))];
    }

    private static JsonNode Substitute(JsonNode node, Dictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child) obj[key] = Substitute(child.DeepClone(), values);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } child) array[i] = Substitute(child.DeepClone(), values);
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("{{", StringComparison.Ordinal):
                return JsonValue.Create(Placeholder().Replace(text, m =>
                    values.TryGetValue(m.Groups["name"].Value, out var v) ? v : throw new AnalysisSpecException($"failed to resolve {{{{args.{m.Groups["name"].Value}}}}}")));
            default:
                return node;
        }
    }

    [GeneratedRegex(@"\{\{\s*args\.(?<name>[A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
