using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// Whether a metric's measurements so far fail it (failed &gt; failureLimit), make it inconclusive (inconclusive &gt;
/// inconclusiveLimit) or an error (consecutive errors &gt; consecutiveErrorLimit), with Argo's wording of why. A negative
/// failure or inconclusive limit never trips.
/// </summary>
internal static class MetricLimits
{
    public static (string? Phase, string? Reason) Exceeded(Metric metric, MetricResult result)
    {
        string? phase = null;
        string? reason = null;
        var failureLimit = metric.FailureLimit?.AsInt() ?? 0;
        if (failureLimit >= 0 && result.Failed > failureLimit)
        {
            (phase, reason) = (AnalysisPhase.Failed, $"failed ({result.Failed}) > failureLimit ({failureLimit})");
        }

        var inconclusiveLimit = metric.InconclusiveLimit?.AsInt() ?? 0;
        if (inconclusiveLimit >= 0 && result.Inconclusive > inconclusiveLimit)
        {
            (phase, reason) = (AnalysisPhase.Inconclusive, $"inconclusive ({result.Inconclusive}) > inconclusiveLimit ({inconclusiveLimit})");
        }

        var errorLimit = metric.ConsecutiveErrorLimit?.AsInt() ?? Metric.DefaultConsecutiveErrorLimit;
        if (result.ConsecutiveError > errorLimit)
        {
            (phase, reason) = (AnalysisPhase.Error, $"consecutiveErrors ({result.ConsecutiveError}) > consecutiveErrorLimit ({errorLimit})");
        }

        return (phase, reason);
    }

    /// <summary>The metric's phase from its results: completed phases stay; limits; count reached; else still running.</summary>
    public static string Phase(Metric metric, MetricResult result, bool terminating)
    {
        if (AnalysisPhase.IsCompleted(result.Phase)) return result.Phase!;
        if (result.Measurements.Count == 0) return terminating ? AnalysisPhase.Successful : AnalysisPhase.Pending;
        if (!AnalysisPhase.IsCompleted(result.Measurements[^1].Phase)) return AnalysisPhase.Running;
        if (Exceeded(metric, result).Phase is { } exceeded) return exceeded;
        if (metric.EffectiveCount is { } count && result.Count >= count) return AnalysisPhase.Successful;
        return terminating ? AnalysisPhase.Successful : AnalysisPhase.Running;
    }
}
