using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>Where a canary stands in its steps, as Argo's replicaset utilities work it out from the rollout's status.</summary>
public static class CanarySteps
{
    /// <summary>The current step (null when there are no steps or all are done) and its index (null without steps).</summary>
    public static (CanaryStep? Step, int? Index) Current(Rollout rollout)
    {
        var steps = rollout.Steps;
        if (rollout.Canary is null || steps.Count == 0) return (null, null);
        var index = rollout.Status.CurrentStepIndex ?? 0;
        return index >= steps.Count ? (null, index) : (steps[index], index);
    }

    /// <summary>The weight of the last setWeight at or before the current step: 0 when aborted, 100 once all steps are done.</summary>
    public static int CurrentSetWeight(Rollout rollout)
    {
        if (rollout.Status.Abort) return 0;
        var (step, index) = Current(rollout);
        if (step is null) return 100;
        for (var i = index!.Value; i >= 0; i--)
        {
            if (rollout.Steps[i].SetWeight is { } weight) return weight;
        }

        return 0;
    }

    /// <summary>The weight of the last setWeight before the current step (0 if none): what traffic stays at while the canary scales.</summary>
    public static int PreviousSetWeight(Rollout rollout, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (rollout.Steps[i].SetWeight is { } weight) return weight;
        }

        return 0;
    }

    /// <summary>The setCanaryScale in force at the current step, unless a later one matches the traffic weight again.</summary>
    public static SetCanaryScale? CanaryScale(Rollout rollout)
    {
        var (step, index) = Current(rollout);
        if (step is null) return null;
        for (var i = index!.Value; i >= 0; i--)
        {
            if (rollout.Steps[i].SetCanaryScale is not { } scale) continue;
            return scale.MatchTrafficWeight ? null : scale;
        }

        return null;
    }

    /// <summary>Before the background analysis's starting step.</summary>
    public static bool BeforeStartingStep(Rollout rollout)
    {
        if (rollout.Canary?.Analysis?.StartingStep is not { } starting) return false;
        var (_, index) = Current(rollout);
        return index is { } i && i < starting;
    }

    /// <summary>
    /// <c>status.currentStepHash</c>: FNV-32a of the steps as JSON, in Kubernetes' safe alphabet; changes when the steps do.
    /// </summary>
    public static string StepHash(JsonNode? steps)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(steps?.ToJsonString() ?? "null")) hash = (hash ^ b) * 16777619u;
        return SafeEncoding.Encode(hash.ToString(CultureInfo.InvariantCulture));
    }
}
