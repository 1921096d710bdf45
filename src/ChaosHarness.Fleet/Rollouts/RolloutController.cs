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
    private WorkQueue<ObjectKey>? _queue;
    private int _handlersAdded;

    public RolloutController(RolloutsRuntime runtime) => _runtime = runtime;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var rollouts = _runtime.Rollouts;
        await Task.WhenAll(rollouts.Synced, _runtime.ReplicaSets.Synced, _runtime.AnalysisRuns.Synced, _runtime.AnalysisTemplates.Synced,
            _runtime.ClusterAnalysisTemplates.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        AddHandlersOnce();
        using var queue = _runtime.Context.NewQueue<ObjectKey>(Name);
        Volatile.Write(ref _queue, queue);
        try
        {
            foreach (var rollout in rollouts.Objects()) queue.Add(rollout.Key);
            await queue.RunAsync(2, (key, token) => ReconcileAsync(queue, key, token), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _queue, null);
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

    private void Enqueue(ObjectKey key) => Volatile.Read(ref _queue)?.Add(key);

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

    private async Task ReconcileAsync(WorkQueue<ObjectKey> queue, ObjectKey key, CancellationToken cancellationToken)
    {
        if (_runtime.Rollouts.GetObject(key) is not { } rollout || rollout.IsTerminating)
        {
            _throttledAborts.TryRemove(key, out _);
            return;
        }

        _throttledAborts.TryGetValue(key, out var throttledAbort);
        var sync = new RolloutSync(_runtime, rollout, throttledAbort);
        try
        {
            if (await sync.RunAsync(cancellationToken).ConfigureAwait(false) is { } after) queue.AddAfter(key, after);
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
