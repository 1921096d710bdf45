using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>What makes a Rollout invalid (condition InvalidSpec, phase Degraded), with Argo's messages.</summary>
internal static class RolloutValidation
{
    public static string? Problem(Rollout rollout, RolloutsRuntime runtime)
    {
        if (rollout.Spec.Selector is null) return "Rollout has missing field '.spec.selector'";
        var selector = LabelSelector.From(rollout.Spec.Selector);
        if (selector.IsEverything) return "This rollout is selecting all pods. A non-empty selector is required.";
        if (rollout.Spec.Strategy?.BlueGreen is not null) return "The fleet's rollout controller runs canary strategies only; blue-green is not supported";
        if (rollout.Canary is null) return "Rollout has missing field '.spec.strategy.canary'";
        var labels = rollout.Spec.Template?["metadata"]?["labels"]?.AsObject().ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "");
        if (!selector.Matches(labels ?? []))
        {
            return $"The Rollout \"{rollout.Name}\" is invalid: spec.template.metadata.labels: Invalid value: {Labels(labels)}: `selector` does not match template `labels`";
        }

        foreach (var step in rollout.Steps)
        {
            if (step.SetWeight is < 0 or > 100) return $"spec.strategy.canary.steps[{IndexOf(rollout, step)}].setWeight: Invalid value: {step.SetWeight}: must be between 0 and 100";
        }

        return MissingTemplate(rollout, runtime);
    }

    /// <summary>The analysis templates the current step and the background analysis name must exist.</summary>
    private static string? MissingTemplate(Rollout rollout, RolloutsRuntime runtime)
    {
        var (step, _) = CanarySteps.Current(rollout);
        var refs = (step?.Analysis?.Templates ?? []).Concat(rollout.Canary?.Analysis?.Templates ?? []);
        foreach (var template in refs)
        {
            var type = template.ClusterScope ? ArgoResources.ClusterAnalysisTemplates : ArgoResources.AnalysisTemplates;
            var informer = template.ClusterScope ? runtime.ClusterAnalysisTemplates : runtime.AnalysisTemplates;
            var key = new ObjectKey(template.ClusterScope ? null : rollout.Namespace, template.TemplateName);
            if (informer.GetObject(key) is null) return $"{type.GroupResource} \"{template.TemplateName}\" not found";
        }

        return null;
    }

    private static int IndexOf(Rollout rollout, CanaryStep step) => rollout.Steps.ToList().IndexOf(step);

    private static string Labels(Dictionary<string, string>? labels) =>
        "map[string]string{" + string.Join(", ", (labels ?? []).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\":\"{p.Value}\"")) + "}";
}
