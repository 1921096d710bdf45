using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>One step of a canary: exactly one of its fields is set.</summary>
public sealed class CanaryStep
{
    public int? SetWeight { get; set; }
    public RolloutPause? Pause { get; set; }
    public RolloutAnalysis? Analysis { get; set; }
    public SetCanaryScale? SetCanaryScale { get; set; }
    public JsonObject? Experiment { get; set; }
    public JsonObject? SetHeaderRoute { get; set; }
    public JsonObject? SetMirrorRoute { get; set; }

    /// <summary>The step as Argo's events and CLI name it (<c>setWeight: 20</c>, <c>pause: 30s</c>, <c>analysis</c>).</summary>
    public override string ToString()
    {
        if (SetWeight is { } weight) return $"setWeight: {weight}";
        if (Pause is { } pause) return pause.Duration is { } d ? $"pause: {d}" : "pause";
        if (Experiment is not null) return "experiment";
        if (Analysis is not null) return "analysis";
        if (SetCanaryScale is { } scale)
        {
            if (scale.Weight is { } w) return $"setCanaryScale{{weight: {w}}}";
            if (scale.MatchTrafficWeight) return "setCanaryScale{matchTrafficWeight: true}";
            if (scale.Replicas is { } r) return $"setCanaryScale{{replicas: {r}}}";
        }

        return "invalid";
    }
}
