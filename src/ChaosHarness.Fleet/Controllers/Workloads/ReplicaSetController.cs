using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Workloads;

/// <summary>
/// kube-controller-manager's ReplicaSet controller: keeps <c>spec.replicas</c> active pods (terminating and finished ones do
/// not count) named <c>&lt;rs&gt;-&lt;5 chars&gt;</c> with a controller owner reference, creating in slow-start batches and
/// deleting the least valuable pods first; adopts matching orphans and releases pods whose labels no longer match; reports
/// replicas, fullyLabeledReplicas, readyReplicas, availableReplicas (after minReadySeconds) and observedGeneration.
/// </summary>
public sealed class ReplicaSetController : IClusterController
{
    public const int BurstReplicas = 500;

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly ControllerExpectations _expectations;

    public ReplicaSetController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("replicaset-controller");
        _events = new EventRecorder(_client, "replicaset-controller");
        _queue = context.NewQueue<ObjectKey>(Name);
        _expectations = new ControllerExpectations(context.Clock);
    }

    public string Name => "replicaset-controller";

    private SharedInformers Informers => _context.Informers;
    private TimeProvider Clock => _context.Clock;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Informers.Pods.Synced, Informers.ReplicaSets.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        Informers.ReplicaSets.AddHandler(new InformerHandler<V1ReplicaSet>
        {
            Added = rs => _queue.Add(rs.Key),
            Updated = (_, rs) => _queue.Add(rs.Key),
            Deleted = rs =>
            {
                _expectations.Forget(rs.Key.ToString());
                _queue.Add(rs.Key);
            },
        });
        Informers.Pods.AddHandler(new InformerHandler<V1Pod> { Added = PodAdded, Updated = PodUpdated, Deleted = PodDeleted });
        try
        {
            await Task.WhenAll(
                _queue.RunAsync(2, SyncAsync, cancellationToken),
                _context.ResyncAsync(() => { foreach (var rs in Informers.ReplicaSets.List()) _queue.Add(rs.Key); }, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _queue.Dispose();
        }
    }

    private void PodAdded(Cached<V1Pod> pod)
    {
        if (PodFacts.IsTerminating(pod.Model))
        {
            PodDeleted(pod);
            return;
        }

        if (OwningReplicaSet(pod.Model) is { } owner)
        {
            _expectations.CreationObserved(owner.Key.ToString());
            _queue.Add(owner.Key);
            return;
        }

        foreach (var rs in ReplicaSetsSelecting(pod)) _queue.Add(rs.Key);
    }

    private void PodUpdated(Cached<V1Pod> before, Cached<V1Pod> now)
    {
        if (PodFacts.IsTerminating(now.Model) && !PodFacts.IsTerminating(before.Model))
        {
            PodDeleted(now);
            return;
        }

        var oldOwner = OwnerReferences.ControllerOf(before.Model.Metadata);
        var newOwner = OwnerReferences.ControllerOf(now.Model.Metadata);
        if (oldOwner?.Uid != newOwner?.Uid && OwningReplicaSet(before.Model) is { } previous) _queue.Add(previous.Key);
        if (OwningReplicaSet(now.Model) is { } owner)
        {
            _queue.Add(owner.Key);
            var minReady = owner.Model.Spec?.MinReadySeconds ?? 0;
            if (minReady > 0 && !PodFacts.IsReady(before.Model) && PodFacts.IsReady(now.Model))
            {
                _queue.AddAfter(owner.Key, TimeSpan.FromSeconds(minReady));
            }

            return;
        }

        if (!now.Object.Labels.OrderBy(l => l.Key).SequenceEqual(before.Object.Labels.OrderBy(l => l.Key)) || oldOwner is not null)
        {
            foreach (var rs in ReplicaSetsSelecting(now)) _queue.Add(rs.Key);
        }
    }

    private void PodDeleted(Cached<V1Pod> pod)
    {
        if (OwningReplicaSet(pod.Model) is not { } owner) return;
        _expectations.DeletionObserved(owner.Key.ToString(), pod.Key.ToString());
        _queue.Add(owner.Key);
    }

    private Cached<V1ReplicaSet>? OwningReplicaSet(V1Pod pod)
    {
        var owner = OwnerReferences.ControllerOf(pod.Metadata);
        if (owner is not { Kind: "ReplicaSet" }) return null;
        var rs = Informers.ReplicaSets.Get(pod.Metadata.NamespaceProperty, owner.Name);
        return rs?.Object.Uid == owner.Uid ? rs : null;
    }

    private IEnumerable<Cached<V1ReplicaSet>> ReplicaSetsSelecting(Cached<V1Pod> pod) =>
        Informers.ReplicaSets.ByIndex(SharedInformers.ByNamespace, pod.Namespace!)
            .Where(rs => LabelSelector.From(rs.Model.Spec?.Selector).Matches(pod.Object.Labels));

    private async Task SyncAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var rs = Informers.ReplicaSets.Get(key);
        var expectationKey = key.ToString();
        if (rs is null)
        {
            _expectations.Forget(expectationKey);
            return;
        }

        var needsSync = _expectations.Satisfied(expectationKey);
        var pods = await ClaimPodsAsync(rs, cancellationToken).ConfigureAwait(false);
        string? failure = null;
        if (needsSync && rs.Model.Metadata.DeletionTimestamp is null)
        {
            failure = await ManageReplicasAsync(rs, pods, cancellationToken).ConfigureAwait(false);
        }

        var status = await UpdateStatusAsync(rs, pods, failure, cancellationToken).ConfigureAwait(false);
        var minReady = rs.Model.Spec?.MinReadySeconds ?? 0;
        if (failure is null && minReady > 0 && status.ReadyReplicas == (rs.Model.Spec?.Replicas ?? 1) && status.AvailableReplicas != status.ReadyReplicas)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    /// <summary>The active pods this ReplicaSet owns, after adopting matching orphans and releasing pods it no longer selects.</summary>
    private async Task<List<Cached<V1Pod>>> ClaimPodsAsync(Cached<V1ReplicaSet> rs, CancellationToken cancellationToken)
    {
        var selector = LabelSelector.From(rs.Model.Spec?.Selector);
        var claimed = new List<Cached<V1Pod>>();
        foreach (var pod in Informers.Pods.ByIndex(SharedInformers.ByController, rs.Object.Uid))
        {
            if (!PodFacts.IsActive(pod.Model)) continue;
            if (selector.Matches(pod.Object.Labels))
            {
                claimed.Add(pod);
            }
            else
            {
                await _client.UpdateAsync(pod.Object, OwnerReferences.Release(rs.Object.Uid), cancellationToken).ConfigureAwait(false);
            }
        }

        if (rs.Model.Metadata.DeletionTimestamp is not null || selector.IsEverything || selector.IsNothing) return claimed;
        foreach (var orphan in Candidates(rs))
        {
            if (OwnerReferences.ControllerOf(orphan.Model.Metadata) is not null || !PodFacts.IsActive(orphan.Model)) continue;
            if (!selector.Matches(orphan.Object.Labels)) continue;
            var adopted = await _client.UpdateAsync(orphan.Object, OwnerReferences.Adopt(rs.Object), cancellationToken).ConfigureAwait(false);
            if (adopted is not null) claimed.Add(new Cached<V1Pod>(adopted, adopted.ToModel<V1Pod>()));
        }

        return claimed;
    }

    private IReadOnlyList<Cached<V1Pod>> Candidates(Cached<V1ReplicaSet> rs)
    {
        var ns = rs.Namespace!;
        IReadOnlyList<Cached<V1Pod>>? smallest = null;
        foreach (var (key, value) in rs.Model.Spec?.Selector?.MatchLabels ?? new Dictionary<string, string>())
        {
            var posting = Informers.Pods.ByIndex(SharedInformers.PodsByLabel, $"{ns}/{key}={value}");
            if (smallest is null || posting.Count < smallest.Count) smallest = posting;
        }

        return smallest ?? Informers.Pods.ByIndex(SharedInformers.ByNamespace, ns);
    }

    /// <returns>Why creating or deleting failed, if it did.</returns>
    private async Task<string?> ManageReplicasAsync(Cached<V1ReplicaSet> rs, List<Cached<V1Pod>> pods, CancellationToken cancellationToken)
    {
        var key = rs.Key.ToString();
        var diff = pods.Count - (rs.Model.Spec?.Replicas ?? 1);
        if (diff < 0)
        {
            var wanted = Math.Min(-diff, BurstReplicas);
            _expectations.ExpectCreations(key, wanted);
            var template = rs.Object.ToJsonObject()["spec"]?["template"] as JsonObject ?? [];
            var (created, failure) = await SlowStartBatchAsync(wanted, () => CreatePodAsync(rs, template, cancellationToken)).ConfigureAwait(false);
            if (created < wanted) _expectations.CreationsSkipped(key, wanted - created);
            return failure;
        }

        if (diff > 0)
        {
            var surplus = Math.Min(diff, BurstReplicas);
            var doomed = PodsToDelete(rs, pods, surplus);
            _expectations.ExpectDeletions(key, doomed.Select(p => p.Key.ToString()));
            string? failure = null;
            await Parallel.ForEachAsync(doomed, cancellationToken, async (pod, ct) =>
            {
                try
                {
                    var deleted = await _client.DeleteAsync(BuiltInResources.Pods, pod.Namespace, pod.Name, ct).ConfigureAwait(false);
                    if (deleted is null) _expectations.DeletionObserved(key, pod.Key.ToString());
                    else await _events.NormalAsync(rs.Object, "SuccessfulDelete", $"Deleted pod: {pod.Name}", ct).ConfigureAwait(false);
                }
                catch (ApiException e)
                {
                    _expectations.DeletionObserved(key, pod.Key.ToString());
                    failure = e.Message;
                    await _events.WarningAsync(rs.Object, "FailedDelete", $"Error deleting: {e.Message}", ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return failure;
        }

        return null;
    }

    /// <summary>Creates in batches of 1, 2, 4, …, stopping at the first batch with a failure, as slowStartBatch does.</summary>
    private static async Task<(int Created, string? Failure)> SlowStartBatchAsync(int count, Func<Task<string?>> create)
    {
        var created = 0;
        var batch = Math.Min(count, 1);
        while (created < count && batch > 0)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => create())).ConfigureAwait(false);
            var failure = results.FirstOrDefault(r => r is not null);
            created += results.Count(r => r is null);
            if (failure is not null) return (created, failure);
            batch = Math.Min(2 * batch, count - created);
        }

        return (created, null);
    }

    /// <returns>Null on success, else why the pod could not be created.</returns>
    private async Task<string?> CreatePodAsync(Cached<V1ReplicaSet> rs, JsonObject template, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject
        {
            ["generateName"] = rs.Name + "-",
            ["namespace"] = rs.Namespace,
            ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(rs.Object)),
        };
        foreach (var field in (string[])["labels", "annotations", "finalizers"])
        {
            if (template["metadata"]?[field] is { } value) metadata[field] = value.DeepClone();
        }

        var pod = new JsonObject { ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject() };
        try
        {
            var created = await _client.CreateAsync(BuiltInResources.Pods, rs.Namespace, pod, cancellationToken).ConfigureAwait(false);
            await _events.NormalAsync(rs.Object, "SuccessfulCreate", $"Created pod: {created.Name}", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ApiException e) when (e.Code == 403 && e.Message.Contains("is being terminated", StringComparison.Ordinal))
        {
            return e.Message;
        }
        catch (ApiException e)
        {
            await _events.WarningAsync(rs.Object, "FailedCreate", $"Error creating: {e.Message}", cancellationToken).ConfigureAwait(false);
            return e.Message;
        }
    }

    private List<Cached<V1Pod>> PodsToDelete(Cached<V1ReplicaSet> rs, List<Cached<V1Pod>> pods, int count)
    {
        // Pods of sibling ReplicaSets (same Deployment) count when judging which nodes are doubled up.
        var siblings = OwnerReferences.ControllerOf(rs.Model.Metadata) is { } owner
            ? Informers.ReplicaSets.ByIndex(SharedInformers.ByController, owner.Uid)
            : [rs];
        var related = siblings.SelectMany(s => Informers.Pods.ByIndex(SharedInformers.ByController, s.Object.Uid)).Where(p => PodFacts.IsActive(p.Model));
        var perNode = related.Where(p => PodFacts.IsScheduled(p.Model)).GroupBy(p => p.Model.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count());
        var order = new PodDeletionOrder(perNode, Clock.GetUtcNow());
        return [.. pods.OrderBy(p => p.Model, order).Take(count)];
    }

    private async Task<V1ReplicaSetStatus> UpdateStatusAsync(Cached<V1ReplicaSet> rs, List<Cached<V1Pod>> pods, string? failure,
        CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var minReady = rs.Model.Spec?.MinReadySeconds ?? 0;
        var templateLabels = rs.Model.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var desired = new V1ReplicaSetStatus
        {
            Replicas = pods.Count,
            FullyLabeledReplicas = pods.Count(p => templateLabels.All(l => p.Object.Labels.TryGetValue(l.Key, out var v) && v == l.Value)),
            ReadyReplicas = pods.Count(p => PodFacts.IsReady(p.Model)),
            AvailableReplicas = pods.Count(p => PodFacts.IsAvailable(p.Model, minReady, now)),
            ObservedGeneration = rs.Model.Metadata.Generation,
        };
        await _client.UpdateStatusAsync<V1ReplicaSetStatus>(rs.Object, status =>
        {
            var conditions = status.Conditions?.ToList() ?? [];
            var failureCondition = conditions.FirstOrDefault(c => c.Type == "ReplicaFailure");
            if (failure is not null && failureCondition is null)
            {
                conditions.Add(new V1ReplicaSetCondition
                {
                    Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = failure, LastTransitionTime = Clock.Now(),
                });
            }
            else if (failure is null && failureCondition is not null)
            {
                conditions.Remove(failureCondition);
            }

            var unchanged = status.Replicas == desired.Replicas && status.FullyLabeledReplicas == desired.FullyLabeledReplicas &&
                            status.ReadyReplicas == desired.ReadyReplicas && status.AvailableReplicas == desired.AvailableReplicas &&
                            status.ObservedGeneration == desired.ObservedGeneration && conditions.Count == (status.Conditions?.Count ?? 0);
            if (unchanged) return false;
            status.Replicas = desired.Replicas;
            status.FullyLabeledReplicas = desired.FullyLabeledReplicas;
            status.ReadyReplicas = desired.ReadyReplicas;
            status.AvailableReplicas = desired.AvailableReplicas;
            status.ObservedGeneration = desired.ObservedGeneration;
            status.Conditions = conditions.Count == 0 ? null : conditions;
            return true;
        }, cancellationToken, retryOnConflict: false).ConfigureAwait(false);
        return desired;
    }
}
