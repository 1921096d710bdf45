using ChaosHarness.Fleet.Rollouts.Analysis;
using ChaosHarness.Fleet.Rollouts.Model;

namespace ChaosHarness.Fleet.Tests.Rollouts;

public sealed class MetricAssessmentTests
{
    private static readonly MetricValue Good = new MetricValue.Vector([0.99]);
    private static readonly MetricValue Bad = new MetricValue.Vector([0.5]);

    [Test]
    public void A_measurement_is_assessed_as_argo_evaluates_its_conditions()
    {
        var successOnly = new Metric { SuccessCondition = "result[0] >= 0.95" };
        var failureOnly = new Metric { FailureCondition = "result[0] < 0.9" };
        var both = new Metric { SuccessCondition = "result[0] >= 0.95", FailureCondition = "result[0] < 0.6" };
        Assert.Multiple(() =>
        {
            Assert.That(MeasurementAssessment.Assess(successOnly, Good).Phase, Is.EqualTo(AnalysisPhase.Successful));
            Assert.That(MeasurementAssessment.Assess(successOnly, Bad).Phase, Is.EqualTo(AnalysisPhase.Failed), "not succeeding is failing");
            Assert.That(MeasurementAssessment.Assess(failureOnly, Good).Phase, Is.EqualTo(AnalysisPhase.Successful), "not failing is succeeding");
            Assert.That(MeasurementAssessment.Assess(both, new MetricValue.Vector([0.8])).Phase, Is.EqualTo(AnalysisPhase.Inconclusive));
            Assert.That(MeasurementAssessment.Assess(both, Bad).Phase, Is.EqualTo(AnalysisPhase.Failed));
            Assert.That(MeasurementAssessment.Assess(new Metric(), Bad).Phase, Is.EqualTo(AnalysisPhase.Successful), "no condition: any value succeeds");
            Assert.That(MeasurementAssessment.Assess(successOnly, new MetricValue.Vector([])),
                Is.EqualTo((AnalysisPhase.Error, "index out of range: 0 (array length 0)")), "no data is an error, as an empty Prometheus result");
        });
    }

    [TestCase(0, 1, AnalysisPhase.Failed, "failed (1) > failureLimit (0)")]
    [TestCase(2, 2, null, null)]
    [TestCase(2, 3, AnalysisPhase.Failed, "failed (3) > failureLimit (2)")]
    [TestCase(-1, 10, null, null)]
    public void Failure_limit(int limit, int failed, string? phase, string? reason) =>
        Assert.That(MetricLimits.Exceeded(new Metric { FailureLimit = IntOrText.Of(limit) }, new MetricResult { Failed = failed }), Is.EqualTo((phase, reason)));

    [Test]
    public void Inconclusive_and_consecutive_error_limits()
    {
        Assert.That(MetricLimits.Exceeded(new Metric(), new MetricResult { Inconclusive = 1 }),
            Is.EqualTo((AnalysisPhase.Inconclusive, "inconclusive (1) > inconclusiveLimit (0)")));
        Assert.That(MetricLimits.Exceeded(new Metric(), new MetricResult { ConsecutiveError = 4 }), Is.EqualTo(((string?)null, (string?)null)), "default limit 4");
        Assert.That(MetricLimits.Exceeded(new Metric(), new MetricResult { ConsecutiveError = 5 }),
            Is.EqualTo((AnalysisPhase.Error, "consecutiveErrors (5) > consecutiveErrorLimit (4)")));
        Assert.That(MetricLimits.Exceeded(new Metric { ConsecutiveErrorLimit = IntOrText.Of(10) }, new MetricResult { ConsecutiveError = 5 }).Phase, Is.Null, "a limit of 10");
    }

    [Test]
    public void A_metric_runs_until_its_count_or_forever_with_an_interval_and_no_count()
    {
        var measured = new MetricResult { Count = 3, Successful = 3, Measurements = [new Measurement { Phase = AnalysisPhase.Successful }] };
        Assert.That(MetricLimits.Phase(new Metric { Count = IntOrText.Of(3), Interval = "10s" }, measured, terminating: false), Is.EqualTo(AnalysisPhase.Successful));
        Assert.That(MetricLimits.Phase(new Metric { Interval = "10s" }, measured, terminating: false), Is.EqualTo(AnalysisPhase.Running));
        Assert.That(MetricLimits.Phase(new Metric { Interval = "10s" }, measured, terminating: true), Is.EqualTo(AnalysisPhase.Successful));
        Assert.That(new Metric().EffectiveCount, Is.EqualTo(1), "neither count nor interval: measured once");
        Assert.That(MetricLimits.Phase(new Metric(), new MetricResult(), terminating: false), Is.EqualTo(AnalysisPhase.Pending));
    }

    [TestCase("30s", 30)]
    [TestCase("10m", 600)]
    [TestCase("1h30m", 5400)]
    [TestCase("500ms", 0.5)]
    [TestCase("45", 45)]
    public void Durations_read_as_go_durations(string text, double seconds) =>
        Assert.That(ArgoDuration.Parse(text), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
}
