using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// The phase of one measurement from its value, as Argo's EvaluateResult: with only a success condition, not succeeding is
/// failing; with only a failure condition, not failing is succeeding; with both, neither is Inconclusive; with none, any
/// value succeeds. A condition that cannot be evaluated makes the measurement an Error.
/// </summary>
internal static class MeasurementAssessment
{
    public static (string Phase, string? Message) Assess(Metric metric, MetricValue value)
    {
        try
        {
            var hasSuccess = !string.IsNullOrWhiteSpace(metric.SuccessCondition);
            var hasFailure = !string.IsNullOrWhiteSpace(metric.FailureCondition);
            var success = hasSuccess && ConditionExpression.Evaluate(metric.SuccessCondition!, value);
            var failure = hasFailure && ConditionExpression.Evaluate(metric.FailureCondition!, value);
            if (!hasSuccess && !hasFailure) return (AnalysisPhase.Successful, null);
            if (hasSuccess && !hasFailure) failure = !success;
            if (!hasSuccess && hasFailure) success = !failure;
            if (failure) return (AnalysisPhase.Failed, null);
            return (success ? AnalysisPhase.Successful : AnalysisPhase.Inconclusive, null);
        }
        catch (ConditionException e)
        {
            return (AnalysisPhase.Error, e.Message);
        }
    }
}
