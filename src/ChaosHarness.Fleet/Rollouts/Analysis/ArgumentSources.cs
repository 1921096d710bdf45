using System.Text.RegularExpressions;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>Where a rollout's analysis arguments get their values: literal, a version's pod-template hash, or a field of the rollout.</summary>
internal sealed partial class ArgumentSources(Rollout rollout, string? stableHash, string? latestHash)
{
    public string? Resolve(AnalysisRunArgument argument)
    {
        if (argument.Value is not null) return argument.Value;
        if (argument.ValueFrom?.PodTemplateHashValue is { } which)
        {
            return which switch
            {
                "Stable" => stableHash,
                "Latest" => latestHash,
                _ => throw new AnalysisSpecException($"invalid podTemplateHashValue '{which}': must be Stable or Latest"),
            };
        }

        if (argument.ValueFrom?.FieldRef?.FieldPath is { } path) return Field(path);
        return null;
    }

    private string? Field(string path)
    {
        var metadata = rollout.Metadata;
        if (path == "metadata.name") return metadata.Name;
        if (path == "metadata.namespace") return metadata.NamespaceProperty;
        if (path == "metadata.uid") return metadata.Uid;
        var keyed = KeyedField().Match(path);
        if (keyed.Success)
        {
            var key = keyed.Groups["key"].Value;
            return keyed.Groups["map"].Value == "labels" ? metadata.Label(key) : metadata.Annotation(key);
        }

        throw new AnalysisSpecException($"fieldPath '{path}' is not supported");
    }

    [GeneratedRegex(@"^metadata\.(?<map>labels|annotations)\['(?<key>[^']+)'\]$")]
    private static partial Regex KeyedField();
}
