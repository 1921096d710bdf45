using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

/// <summary>
/// What "healthy" means for this experiment. Checked before anything is injected (unhealthy → the experiment is
/// inconclusive) and again by <c>Recovers</c> after the revert.
/// </summary>
public sealed class SteadyStateHypothesis(string name, IReadOnlyList<ISteadyStateCheck> checks)
{
    public string Name { get; } = name;

    public IReadOnlyList<ISteadyStateCheck> Checks { get; } = checks;

    public IReadOnlyList<ResourceKind> Reads => Checks.SelectMany(c => c.Reads).Distinct().ToList();

    public static SteadyStateHypothesisBuilder Builder(string name) => new(name);

    public SteadyStateReport Evaluate(ObservationContext context, DateTimeOffset now)
        => new(Name, Checks.Select(c => c.Evaluate(context, now)).ToList());
}
