namespace ChaosHarness.Core.Observation;

public sealed record RolloutSample(DateTimeOffset At, ObjectRef Rollout, long Step, long Weight, string? Phase);
