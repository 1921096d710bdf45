using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Traffic;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>The analysis controller's loop for one term of leadership: AnalysisRuns measured when due, until they complete.</summary>
internal sealed class AnalysisRunController
{
    public const string Name = "analysis-controller";

    private readonly RolloutsRuntime _runtime;
    private readonly FleetMetricProvider _provider;
    private readonly WorkQueue<ObjectKey> _queue;
    private int _handlersAdded;

    public AnalysisRunController(RolloutsRuntime runtime, Func<ITrafficMetrics> metrics)
    {
        _runtime = runtime;
        _provider = new FleetMetricProvider(metrics, runtime.Cluster.Name);
        _queue = runtime.Context.NewQueue<ObjectKey>(Name);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var runs = _runtime.AnalysisRuns;
        await runs.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            runs.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(run => _queue.Add(run.Key)));
        }

        foreach (var run in runs.Objects()) _queue.Add(run.Key);
        await _queue.RunAsync(2, async (key, token) =>
        {
            if (runs.GetObject(key) is not { } run || run.IsTerminating) return;
            if (await new AnalysisRunSync(_runtime, _provider, run).RunAsync(token).ConfigureAwait(false) is { } after) _queue.AddAfter(key, after);
        }, cancellationToken).ConfigureAwait(false);
    }
}
