namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>
/// One metric of an analysis: where its value comes from, when and how often it is measured, and the conditions and limits
/// that turn measurements into a verdict.
/// </summary>
public sealed class Metric
{
    public string Name { get; set; } = "";

    /// <summary>Time between measurements (<c>"1m"</c>); none means measure once unless <see cref="Count"/> says otherwise.</summary>
    public string? Interval { get; set; }

    public string? InitialDelay { get; set; }
    public IntOrText? Count { get; set; }
    public string? SuccessCondition { get; set; }
    public string? FailureCondition { get; set; }

    /// <summary>Failed measurements tolerated (default 0; −1 never fails).</summary>
    public IntOrText? FailureLimit { get; set; }

    /// <summary>Inconclusive measurements tolerated (default 0).</summary>
    public IntOrText? InconclusiveLimit { get; set; }

    /// <summary>Consecutive measurement errors tolerated (default 4).</summary>
    public IntOrText? ConsecutiveErrorLimit { get; set; }

    public MetricProvider Provider { get; set; } = new();

    public const int DefaultConsecutiveErrorLimit = 4;

    public TimeSpan? IntervalTime => ArgoDuration.Parse(Interval);

    public TimeSpan? InitialDelayTime => ArgoDuration.Parse(InitialDelay);

    /// <summary>How many measurements to take: <see cref="Count"/>, 1 when neither count nor interval is set, else unbounded.</summary>
    public int? EffectiveCount => Count?.AsInt() ?? (IntervalTime is null ? 1 : null);
}
