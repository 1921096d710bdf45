using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.StopConditions;

/// <summary>A reason to end an experiment early: when it trips, every fault is reverted at once and the experiment fails with the reason.</summary>
public abstract class StopCondition
{
    public abstract string Name { get; }

    /// <summary>The reason to stop, or null while the experiment may go on.</summary>
    public abstract string? Tripped(ObservationContext context, DateTimeOffset now);
}
