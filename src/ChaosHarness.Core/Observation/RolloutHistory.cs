namespace ChaosHarness.Core.Observation;

/// <summary>
/// Every value the watched rollouts (Argo Rollouts, Flagger Canaries) took during the experiment: step, canary weight
/// and phase, at the fleet time each was seen — the series behind the canary-weight chart.
/// </summary>
public sealed class RolloutHistory
{
    private readonly Lock _gate = new();
    private readonly List<RolloutSample> _samples = [];

    public RolloutHistory(ObservedState state) => state.Changed += Record;

    public IReadOnlyList<RolloutSample> Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples.ToList();
            }
        }
    }

    private void Record(ObservedChange change)
    {
        if (change.After is null || change.Ref.Kind.Kind is not ("Rollout" or "Canary"))
        {
            return;
        }

        var progress = RolloutProgress.Of(change.Ref.Kind, change.After);
        var sample = new RolloutSample(change.At, change.Ref, progress.Step, progress.Weight, change.After.Str("status.phase"));
        lock (_gate)
        {
            if (_samples.LastOrDefault(s => s.Rollout == change.Ref) is { } last && last.Step == sample.Step && last.Weight == sample.Weight && last.Phase == sample.Phase)
            {
                return;
            }

            _samples.Add(sample);
        }
    }
}
