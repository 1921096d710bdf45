using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Controllers.Workloads;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// Makes the AnalysisRun a rollout asks for: the metrics of its templates (taken as written, so unknown provider fields
/// survive), the templates' arguments with the rollout's values filled in, the rollout's selector labels plus the version's
/// hash, the revision annotation, and the rollout as controller owner.
/// </summary>
internal static class AnalysisRunFactory
{
    public static JsonObject Create(StoredObject rolloutObject, Rollout rollout, RolloutAnalysis analysis, IReadOnlyList<StoredObject> templates,
        ArgumentSources sources, string name, IReadOnlyDictionary<string, string> labels)
    {
        var metrics = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            foreach (var metric in template.ToJsonObject()["spec"]?["metrics"] as JsonArray ?? [])
            {
                var metricName = (string?)metric?["name"] ?? "";
                if (!names.Add(metricName)) throw new AnalysisSpecException($"two metrics have the same name '{metricName}'");
                metrics.Add(metric!.DeepClone());
            }
        }

        var runLabels = new JsonObject();
        foreach (var (key, value) in labels) runLabels[key] = value;
        foreach (var (key, value) in analysis.AnalysisRunMetadata?.Labels ?? []) runLabels[key] = value;
        foreach (var (key, value) in rollout.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>()) runLabels[key] = value;
        var annotations = new JsonObject { [ArgoLabels.Revision] = rollout.Metadata.Annotation(ArgoLabels.Revision) ?? "" };
        foreach (var (key, value) in analysis.AnalysisRunMetadata?.Annotations ?? []) annotations[key] = value;

        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AnalysisRun",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = rollout.Namespace,
                ["labels"] = runLabels,
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(rolloutObject)),
            },
            ["spec"] = new JsonObject
            {
                ["metrics"] = metrics,
                ["args"] = MergeArguments(templates, analysis.Args ?? [], sources),
            },
        };
    }

    /// <summary>Each template's declared arguments, valued by the rollout where it passes one, else by the template's default.</summary>
    private static JsonArray MergeArguments(IReadOnlyList<StoredObject> templates, IReadOnlyList<AnalysisRunArgument> passed, ArgumentSources sources)
    {
        var declared = new List<AnalysisRunArgument>();
        foreach (var template in templates)
        {
            foreach (var argument in ArgoJson.Read<AnalysisTemplate>(template).Spec.Args ?? [])
            {
                if (declared.FirstOrDefault(a => a.Name == argument.Name) is { } same)
                {
                    if (same.Value != argument.Value) throw new AnalysisSpecException($"Argument `{argument.Name}` specified multiple times with different values: '{same.Value}', '{argument.Value}'");
                    continue;
                }

                declared.Add(argument);
            }
        }

        var result = new JsonArray();
        foreach (var argument in declared)
        {
            var value = passed.FirstOrDefault(p => p.Name == argument.Name) is { } given ? sources.Resolve(given) : argument.Value;
            if (value is null) throw new AnalysisSpecException($"args.{argument.Name} was not resolved");
            result.Add(new JsonObject { ["name"] = argument.Name, ["value"] = value });
        }

        return result;
    }
}
