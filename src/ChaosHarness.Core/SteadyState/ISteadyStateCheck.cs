using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

public interface ISteadyStateCheck
{
    string Name { get; }

    /// <summary>The kinds this check reads, so the experiment can wait for their watches to sync first.</summary>
    IReadOnlyList<ResourceKind> Reads { get; }

    SteadyStateFinding Evaluate(ObservationContext context, DateTimeOffset now);
}
