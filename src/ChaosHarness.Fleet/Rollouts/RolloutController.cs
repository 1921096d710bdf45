using System.Collections.Concurrent;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>
/// The rollout controller's loop for one term of leadership: a work queue of Rollouts, fed by changes to Rollouts and to
/// the ReplicaSets and AnalysisRuns they own, each reconciled by a <see cref="RolloutSync"/>.
/// </summary>
internal sealed class RolloutController
{
    public const string Name = "rollouts-controller";

    private readonly RolloutsRuntime _runtime;
    private readonly ConcurrentDictionary<ObjectKey, string> _throttledAborts = new();
    private readonly ConcurrentDictionary<ObjectKey, StoredObject> _written = new();
    private readonly WorkQueue<ObjectKey> _queue;
    private int _handlersAdded;
    private string? _holder;

    /// <remarks>One queue for the process's life: a delayed key may come due after a term ended, to be worked in the next.</remarks>
    public RolloutController(RolloutsRuntime runtime)
    {
        _runtime = runtime;
        _queue = runtime.Context.NewQueue<ObjectKey>(Name);
    }

    /// <summary>Runs one term of leadership of the pod named <paramref name="holder"/>.</summary>
    public async Task RunAsync(string holder, CancellationToken cancellationToken)
    {
        var rollouts = _runtime.Rollouts;
        await Task.WhenAll(rollouts.Synced, _runtime.ReplicaSets.Synced, _runtime.AnalysisRuns.Synced, _runtime.AnalysisTemplates.Synced,
            _runtime.ClusterAnalysisTemplates.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        AddHandlersOnce();
        // What a process remembers lasts as long as the process: a term of another pod starts afresh.
        var previousHolder = Interlocked.Exchange(ref _holder, holder);
        if (previousHolder != holder)
        {
            _throttledAborts.Clear();
            if (previousHolder is not null && _runtime.Defects.IsOn(FleetDefect.NewLeaderAbortsInFlightRollouts)) AbortInFlight(rollouts.Objects());
        }


        _written.Clear();
        foreach (var rollout in rollouts.Objects()) _queue.Add(rollout.Key);
        await _queue.RunAsync(2, ReconcileAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The defect: a new leader takes an update it did not start for a failed one. The abort goes the way a throttled
    /// update's does (written by the next reconcile), so each in-flight rollout is aborted exactly once.
    /// </summary>
    private void AbortInFlight(IEnumerable<StoredObject> rollouts)
    {
        foreach (var stored in rollouts)
        {
            var status = Model.ArgoJson.Read<Model.Rollout>(stored).Status;
            if (!status.Abort && status.CurrentPodHash is not null && status.StableRS != status.CurrentPodHash)
            {
                _throttledAborts.TryAdd(stored.Key, $"controller pod {_holder} took over leadership and abandoned the update in flight");
            }
        }
    }

    private void AddHandlersOnce()
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 1) return;
        _runtime.Rollouts.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(o => Enqueue(o.Key)));
        _runtime.ReplicaSets.AddHandler(InformerHandler<V1ReplicaSet>.OnAnyChange(rs => EnqueueOwner(rs.Object)));
        _runtime.AnalysisRuns.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(run => EnqueueOwner(run.Object)));
        _runtime.AnalysisTemplates.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(t => EnqueueNamespace(t.Object.Namespace)));
        _runtime.ClusterAnalysisTemplates.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(_ => EnqueueNamespace(null)));
    }

    private void Enqueue(ObjectKey key) => _queue.Add(key);

    private void EnqueueOwner(StoredObject owned)
    {
        var owner = owned.ToJsonObject()["metadata"]?["ownerReferences"]?.AsArray()
            .FirstOrDefault(o => (bool?)o?["controller"] == true && (string?)o?["kind"] == ArgoResources.Rollouts.Kind);
        if ((string?)owner?["name"] is { } name) Enqueue(new ObjectKey(owned.Namespace, name));
    }

    private void EnqueueNamespace(string? ns)
    {
        foreach (var rollout in _runtime.Rollouts.Objects().Where(r => ns is null || r.Namespace == ns)) Enqueue(rollout.Key);
    }

    private async Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (_runtime.Rollouts.GetObject(key) is not { } rollout || rollout.IsTerminating)
        {
            _throttledAborts.TryRemove(key, out _);
            _written.TryRemove(key, out _);
            return;
        }

        // As Argo writes its updates back to its informer: never decide from a version older than the last one written.
        if (_written.TryGetValue(key, out var written) && written.Uid == rollout.Uid && written.ResourceVersion > rollout.ResourceVersion) rollout = written;
        _throttledAborts.TryGetValue(key, out var throttledAbort);
        var sync = new RolloutSync(_runtime, rollout, throttledAbort);
        try
        {
            var after = await sync.RunAsync(cancellationToken).ConfigureAwait(false);
            if (sync.Written is { } latest) _written[key] = latest;
            if (after is { } delay) _queue.AddAfter(key, delay);
            if (sync.WroteAbort) _throttledAborts.TryRemove(key, out _);
        }
        catch (ApiException e) when (e.Code == 429 && _runtime.Defects.IsOn(FleetDefect.RolloutIgnoresRetryAfter))
        {
            // The defect: a throttled request is taken for a failed update, which the controller aborts.
            _throttledAborts.TryAdd(key, e.Message);
            throw;
        }
    }
}
