using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.SteadyState;

public sealed class SteadyStateHypothesisBuilder(string name)
{
    private readonly List<ISteadyStateCheck> _checks = [];

    public SteadyStateHypothesisBuilder NodesReady(string? cluster = null) => Add(new NodesReady(cluster));

    public SteadyStateHypothesisBuilder Healthy(ObjectRef rollout) => Add(new RolloutHealthy(rollout));

    public SteadyStateHypothesisBuilder TrafficSucceeds(double objective, TimeSpan? window = null)
        => Add(new TrafficSucceeds(objective, window ?? TimeSpan.FromSeconds(10)));

    public SteadyStateHypothesisBuilder Add(ISteadyStateCheck check)
    {
        _checks.Add(check);
        return this;
    }

    public SteadyStateHypothesis Build()
        => _checks.Count == 0 ? throw new InvalidOperationException("A steady-state hypothesis needs at least one check.") : new(name, _checks.ToList());
}
