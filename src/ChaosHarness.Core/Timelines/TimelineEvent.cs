namespace ChaosHarness.Core.Timelines;

/// <summary>One thing that happened, in fleet time.</summary>
/// <param name="At">Fleet time.</param>
/// <param name="Source">The cluster it happened in, or "harness" / "traffic".</param>
/// <param name="Subject">The object, e.g. "Rollout shop/checkout" or "Node eu-west-1a-2".</param>
/// <param name="Change">What changed, e.g. "step 1 → 2, canary weight 20 → 40".</param>
public sealed record TimelineEvent(DateTimeOffset At, TimelineEventKind Kind, string Source, string Subject, string Change);
