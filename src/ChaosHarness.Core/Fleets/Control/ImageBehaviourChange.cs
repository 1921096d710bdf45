namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// The body of <c>PUT /images/{image}</c>: the behaviour an image version (or repository) takes — healthy, crashloop,
/// unready, errors (with <see cref="ErrorPercent"/>), slowstart or noreconcile — with optional timings and latency.
/// </summary>
public sealed record ImageBehaviourChange(string Behaviour)
{
    public double? ErrorPercent { get; init; }
    public double? CrashAfterSeconds { get; init; }
    public double? WarmUpSeconds { get; init; }
    public double? LatencyMs { get; init; }
    public double? JitterMs { get; init; }
}
