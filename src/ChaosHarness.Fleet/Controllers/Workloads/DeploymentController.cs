using System.Globalization;
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
/// kube-controller-manager's Deployment controller: one ReplicaSet per pod template (<c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>),
/// revisions in <c>deployment.kubernetes.io/revision</c> (a reused ReplicaSet gets a new, higher one, which is what
/// <c>kubectl rollout undo</c> relies on), RollingUpdate within maxSurge/maxUnavailable, Recreate, proportional scaling,
/// pausing, revisionHistoryLimit cleanup, and status with the Available and Progressing conditions and their real messages,
/// including ProgressDeadlineExceeded.
/// </summary>
public sealed class DeploymentController : IClusterController
{
    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly WorkQueue<ObjectKey> _queue;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("deployment-controller");
        _events = new EventRecorder(_client, "deployment-controller");
        _queue = context.NewQueue<ObjectKey>(Name);
    }

    public string Name => "deployment-controller";

    private SharedInformers Informers => _context.Informers;
    private TimeProvider Clock => _context.Clock;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var deployments = Deployments;
        deployments.AddIndex(SharedInformers.ByNamespace, d => [d.Namespace ?? ""]);
        await Task.WhenAll(deployments.Synced, Informers.ReplicaSets.Synced, Informers.Pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        deployments.AddHandler(InformerHandler<V1Deployment>.OnAnyChange(d => _queue.Add(d.Key)));
        Informers.ReplicaSets.AddHandler(new InformerHandler<V1ReplicaSet>
        {
            Added = rs => EnqueueOwnerOrSelecting(rs),
            Updated = (before, now) =>
            {
                if (OwnerReferences.ControllerOf(before.Model.Metadata)?.Uid != OwnerReferences.ControllerOf(now.Model.Metadata)?.Uid) EnqueueOwner(before);
                EnqueueOwnerOrSelecting(now);
            },
            Deleted = EnqueueOwner,
        });
        Informers.Pods.AddHandler(new InformerHandler<V1Pod> { Deleted = EnqueueRecreateOwnerOf });
        try
        {
            await Task.WhenAll(
                _queue.RunAsync(2, SyncAsync, cancellationToken),
                _context.ResyncAsync(() => { foreach (var d in Deployments.List()) _queue.Add(d.Key); }, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _queue.Dispose();
        }
    }

    private Informer<V1Deployment> Deployments => Informers.Deployments;

    private void EnqueueOwner(Cached<V1ReplicaSet> rs)
    {
        if (OwnerReferences.ControllerOf(rs.Model.Metadata) is { Kind: "Deployment" } owner &&
            Deployments.Get(rs.Namespace, owner.Name) is { } d && d.Object.Uid == owner.Uid)
        {
            _queue.Add(d.Key);
        }
    }

    private void EnqueueOwnerOrSelecting(Cached<V1ReplicaSet> rs)
    {
        if (OwnerReferences.ControllerOf(rs.Model.Metadata) is not null)
        {
            EnqueueOwner(rs);
            return;
        }

        foreach (var d in Deployments.ByIndex(SharedInformers.ByNamespace, rs.Namespace!))
        {
            if (LabelSelector.From(d.Model.Spec?.Selector).Matches(rs.Object.Labels)) _queue.Add(d.Key);
        }
    }

    /// <summary>A Recreate rollout waits for every old pod to be gone: their deletions wake it.</summary>
    private void EnqueueRecreateOwnerOf(Cached<V1Pod> pod)
    {
        if (OwnerReferences.ControllerOf(pod.Model.Metadata) is not { Kind: "ReplicaSet" } owner) return;
        if (Informers.ReplicaSets.Get(pod.Namespace, owner.Name) is not { } rs) return;
        if (OwnerReferences.ControllerOf(rs.Model.Metadata) is not { Kind: "Deployment" } dOwner) return;
        if (Deployments.Get(pod.Namespace, dOwner.Name) is { } d && d.Model.Spec?.Strategy?.Type == "Recreate") _queue.Add(d.Key);
    }

    private async Task SyncAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Deployments.Get(key) is not { } cached) return;
        var sync = new Rollout(cached);
        var selector = sync.Model.Spec?.Selector;
        if (selector is not null && LabelSelector.From(selector).IsEverything)
        {
            await _events.WarningAsync(sync.Object, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.", cancellationToken).ConfigureAwait(false);
            if ((sync.Model.Status?.ObservedGeneration ?? 0) < sync.Model.Metadata.Generation)
            {
                await WriteStatusAsync(sync, WithObserved(CopyStatus(sync.Model), sync.Model), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var replicaSets = await ClaimReplicaSetsAsync(sync, cancellationToken).ConfigureAwait(false);
        if (sync.Model.Metadata.DeletionTimestamp is not null)
        {
            var (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: false, cancellationToken).ConfigureAwait(false);
            await SyncStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
            return;
        }

        await CheckPausedConditionsAsync(sync, cancellationToken).ConfigureAwait(false);
        if (sync.Model.Spec?.Paused == true || await IsScalingEventAsync(sync, replicaSets, cancellationToken).ConfigureAwait(false))
        {
            await SyncScalingAsync(sync, replicaSets, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (sync.Model.Spec?.Strategy?.Type == "Recreate") await RolloutRecreateAsync(sync, replicaSets, cancellationToken).ConfigureAwait(false);
        else await RolloutRollingAsync(sync, replicaSets, cancellationToken).ConfigureAwait(false);
    }

    private static V1DeploymentStatus WithObserved(V1DeploymentStatus status, V1Deployment d)
    {
        status.ObservedGeneration = d.Metadata.Generation;
        return status;
    }

    /// <summary>The ReplicaSets this Deployment controls, after adopting matching orphans and releasing those it no longer selects.</summary>
    private async Task<List<Cached<V1ReplicaSet>>> ClaimReplicaSetsAsync(Rollout sync, CancellationToken cancellationToken)
    {
        var selector = LabelSelector.From(sync.Model.Spec?.Selector);
        var claimed = new List<Cached<V1ReplicaSet>>();
        foreach (var rs in Informers.ReplicaSets.ByIndex(SharedInformers.ByController, sync.Object.Uid))
        {
            if (selector.Matches(rs.Object.Labels)) claimed.Add(rs);
            else await _client.UpdateAsync(rs.Object, OwnerReferences.Release(sync.Object.Uid), cancellationToken).ConfigureAwait(false);
        }

        if (sync.Model.Metadata.DeletionTimestamp is not null) return claimed;
        foreach (var orphan in Informers.ReplicaSets.ByIndex(SharedInformers.ByNamespace, sync.Cached.Namespace!))
        {
            if (OwnerReferences.ControllerOf(orphan.Model.Metadata) is not null || orphan.Model.Metadata.DeletionTimestamp is not null) continue;
            if (!selector.Matches(orphan.Object.Labels)) continue;
            var adopted = await _client.UpdateAsync(orphan.Object, OwnerReferences.Adopt(sync.Object), cancellationToken).ConfigureAwait(false);
            if (adopted is not null) claimed.Add(Cache(adopted));
        }

        return claimed;
    }

    private async Task CheckPausedConditionsAsync(Rollout sync, CancellationToken cancellationToken)
    {
        if (!HasProgressDeadline(sync.Model)) return;
        var status = CopyStatus(sync.Model);
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.ProgressDeadlineExceeded) return;
        var pausedConditionExists = condition?.Reason == DeploymentConditions.DeploymentPaused;
        var paused = sync.Model.Spec?.Paused == true;
        if (paused == pausedConditionExists) return;
        DeploymentConditions.Set(status, paused
            ? DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentPaused, "Deployment is paused", Clock.Now())
            : DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.DeploymentResumed, "Deployment is resumed", Clock.Now()));
        await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> IsScalingEventAsync(Rollout sync, List<Cached<V1ReplicaSet>> replicaSets, CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: false, cancellationToken).ConfigureAwait(false);
        var desired = RolloutArithmetic.Replicas(sync.Model);
        return Active(All(newRs, oldRss)).Any(rs => ReplicaSetAnnotations.DesiredReplicasOf(rs.Model) is { } annotated && annotated != desired);
    }

    /// <summary>
    /// Finds the ReplicaSet whose template is the Deployment's (creating it when asked), brings its revision annotations and
    /// the Deployment's revision up to date, and returns it with the others, oldest first.
    /// </summary>
    private async Task<(Cached<V1ReplicaSet>? New, List<Cached<V1ReplicaSet>> Old)> ReplicaSetsAndSyncRevisionAsync(
        Rollout sync, List<Cached<V1ReplicaSet>> replicaSets, bool create, CancellationToken cancellationToken)
    {
        var template = sync.Object.ToJsonObject()["spec"]?["template"];
        var ordered = replicaSets.OrderBy(rs => rs.Model.Metadata.CreationTimestamp).ThenBy(rs => rs.Name, StringComparer.Ordinal).ToList();
        var existing = ordered.FirstOrDefault(rs => PodTemplateHash.EqualIgnoringHash(rs.Object.ToJsonObject()["spec"]?["template"], template));
        var old = ordered.Where(rs => rs != existing).ToList();
        var newRevision = (old.Count == 0 ? 0 : old.Max(rs => ReplicaSetAnnotations.RevisionOf(rs.Model.Metadata))) + 1;
        if (existing is not null)
        {
            var annotations = new Dictionary<string, string>(existing.Model.Metadata.Annotations ?? new Dictionary<string, string>());
            var annotationsChanged = ReplicaSetAnnotations.SetForNewReplicaSet(sync.Model, annotations, newRevision, exists: true);
            var minReady = sync.Model.Spec?.MinReadySeconds ?? 0;
            if (annotationsChanged || (existing.Model.Spec?.MinReadySeconds ?? 0) != minReady)
            {
                var updated = await _client.UpdateAsync(existing.Object, body =>
                {
                    var metadata = body["metadata"]!.AsObject();
                    metadata["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value)))]);
                    body["spec"]!["minReadySeconds"] = minReady;
                    return true;
                }, cancellationToken, retryOnConflict: false).ConfigureAwait(false);
                return (updated is null ? existing : Cache(updated), old);
            }

            await SetDeploymentRevisionAsync(sync, ReplicaSetAnnotations.RevisionOf(existing.Model.Metadata), cancellationToken).ConfigureAwait(false);
            if (HasProgressDeadline(sync.Model) && DeploymentConditions.Get(CopyStatus(sync.Model), DeploymentConditions.Progressing) is null)
            {
                var status = CopyStatus(sync.Model);
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet,
                    $"Found new replica set \"{existing.Name}\"", Clock.Now()));
                await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false);
            }

            return (existing, old);
        }

        if (!create) return (null, old);
        return (await CreateNewReplicaSetAsync(sync, template, old, newRevision, cancellationToken).ConfigureAwait(false), old);
    }

    private async Task<Cached<V1ReplicaSet>> CreateNewReplicaSetAsync(Rollout sync, JsonNode? deploymentTemplate, List<Cached<V1ReplicaSet>> old,
        long newRevision, CancellationToken cancellationToken)
    {
        var d = sync.Model;
        var hash = PodTemplateHash.Compute(deploymentTemplate, d.Status?.CollisionCount);
        var template = deploymentTemplate?.DeepClone().AsObject() ?? [];
        if (template["metadata"] is not JsonObject templateMetadata) template["metadata"] = templateMetadata = [];
        if (templateMetadata["labels"] is not JsonObject labels) templateMetadata["labels"] = labels = [];
        labels[PodTemplateHash.Label] = hash;
        var selector = sync.Object.ToJsonObject()["spec"]?["selector"]?.DeepClone().AsObject() ?? [];
        if (selector["matchLabels"] is not JsonObject matchLabels) selector["matchLabels"] = matchLabels = [];
        matchLabels[PodTemplateHash.Label] = hash;
        var name = $"{sync.Cached.Name}-{hash}";
        var placeholder = new V1ReplicaSet { Spec = new V1ReplicaSetSpec { Replicas = 0 } };
        var replicas = RolloutArithmetic.NewReplicaSetReplicas(d, old.Select(rs => rs.Model).Append(placeholder), placeholder);
        var annotations = new Dictionary<string, string>();
        ReplicaSetAnnotations.SetForNewReplicaSet(d, annotations, newRevision, exists: false);
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = sync.Cached.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject([.. annotations.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Value)))]),
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(sync.Object)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["minReadySeconds"] = d.Spec?.MinReadySeconds ?? 0,
                ["selector"] = selector,
                ["template"] = template,
            },
        };

        StoredObject created;
        var alreadyExisted = false;
        try
        {
            created = await _client.CreateAsync(BuiltInResources.ReplicaSets, sync.Cached.Namespace, body, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            var found = await _client.GetAsync(BuiltInResources.ReplicaSets, sync.Cached.Namespace, name, cancellationToken).ConfigureAwait(false);
            var foundModel = found.ToModel<V1ReplicaSet>();
            if (OwnerReferences.ControllerOf(foundModel.Metadata)?.Uid != sync.Object.Uid ||
                !PodTemplateHash.EqualIgnoringHash(found.ToJsonObject()["spec"]?["template"], deploymentTemplate))
            {
                var status = CopyStatus(d);
                status.CollisionCount = (status.CollisionCount ?? 0) + 1;
                await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false);
                throw;
            }

            created = found;
            alreadyExisted = true;
        }
        catch (ApiException e) when (!(e.Code == 403 && e.Message.Contains("is being terminated", StringComparison.Ordinal)))
        {
            var message = $"Failed to create new replica set \"{name}\": {e.Message}";
            if (HasProgressDeadline(d))
            {
                var status = CopyStatus(d);
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False",
                    DeploymentConditions.FailedReplicaSetCreate, message, Clock.Now()));
                await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false);
            }

            await _events.WarningAsync(sync.Object, DeploymentConditions.FailedReplicaSetCreate, message, cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (!alreadyExisted && replicas > 0)
        {
            await _events.NormalAsync(sync.Object, "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to {replicas}", cancellationToken).ConfigureAwait(false);
        }

        await SetDeploymentRevisionAsync(sync, newRevision, cancellationToken).ConfigureAwait(false);
        if (!alreadyExisted && HasProgressDeadline(sync.Model))
        {
            var status = CopyStatus(sync.Model);
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated,
                $"Created new replica set \"{name}\"", Clock.Now()));
            await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false);
        }

        return Cache(created);
    }

    private async Task SetDeploymentRevisionAsync(Rollout sync, long revision, CancellationToken cancellationToken)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (sync.Model.Metadata.Annotation(ReplicaSetAnnotations.Revision) == text) return;
        var written = await _client.UpdateAsync(sync.Object, body =>
        {
            var metadata = body["metadata"]!.AsObject();
            if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
            if ((string?)annotations[ReplicaSetAnnotations.Revision] == text) return false;
            annotations[ReplicaSetAnnotations.Revision] = text;
            return true;
        }, cancellationToken).ConfigureAwait(false);
        if (written is not null) sync.Refresh(written);
    }

    private async Task RolloutRollingAsync(Rollout sync, List<Cached<V1ReplicaSet>> replicaSets, CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: true, cancellationToken).ConfigureAwait(false);
        var d = sync.Model;
        var desired = RolloutArithmetic.Replicas(d);
        if (newRs is not null && RolloutArithmetic.Replicas(newRs.Model) != desired)
        {
            var target = RolloutArithmetic.Replicas(newRs.Model) > desired
                ? desired
                : RolloutArithmetic.NewReplicaSetReplicas(d, All(newRs, oldRss).Select(rs => rs.Model), newRs.Model);
            var (scaled, updated) = await ScaleAndRecordAsync(sync, newRs, target, cancellationToken).ConfigureAwait(false);
            newRs = updated;
            if (scaled)
            {
                await SyncRolloutStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (await ReconcileOldReplicaSetsAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false))
        {
            await SyncRolloutStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (IsComplete(d, CalculateStatus(sync, oldRss, newRs))) await CleanupAsync(sync, oldRss, cancellationToken).ConfigureAwait(false);
        await SyncRolloutStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scales old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first.</summary>
    private async Task<bool> ReconcileOldReplicaSetsAsync(Rollout sync, List<Cached<V1ReplicaSet>> oldRss, Cached<V1ReplicaSet>? newRs,
        CancellationToken cancellationToken)
    {
        var d = sync.Model;
        var oldCount = oldRss.Sum(rs => RolloutArithmetic.Replicas(rs.Model));
        if (oldCount == 0) return false;
        var allCount = All(newRs, oldRss).Sum(rs => RolloutArithmetic.Replicas(rs.Model));
        var minAvailable = RolloutArithmetic.Replicas(d) - RolloutArithmetic.MaxUnavailable(d);
        var newUnavailable = newRs is null ? 0 : RolloutArithmetic.Replicas(newRs.Model) - (newRs.Model.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allCount - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;

        var cleanedUp = 0;
        var ordered = oldRss.OrderBy(rs => rs.Model.Metadata.CreationTimestamp).ThenBy(rs => rs.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < ordered.Count && cleanedUp < maxScaledDown; i++)
        {
            var rs = ordered[i];
            var replicas = RolloutArithmetic.Replicas(rs.Model);
            var available = rs.Model.Status?.AvailableReplicas ?? 0;
            if (replicas == 0 || replicas == available) continue;
            var down = Math.Min(maxScaledDown - cleanedUp, replicas - available);
            var (_, updated) = await ScaleAndRecordAsync(sync, rs, replicas - down, cancellationToken).ConfigureAwait(false);
            ordered[i] = updated;
            cleanedUp += down;
        }

        var availableNow = All(newRs, ordered).Sum(rs => rs.Model.Status?.AvailableReplicas ?? 0);
        var scaledDown = 0;
        if (availableNow > minAvailable)
        {
            var budget = availableNow - minAvailable;
            foreach (var rs in ordered)
            {
                if (scaledDown >= budget) break;
                var replicas = RolloutArithmetic.Replicas(rs.Model);
                if (replicas == 0) continue;
                var down = Math.Min(replicas, budget - scaledDown);
                await ScaleAndRecordAsync(sync, rs, replicas - down, cancellationToken).ConfigureAwait(false);
                scaledDown += down;
            }
        }

        return cleanedUp + scaledDown > 0;
    }

    private async Task RolloutRecreateAsync(Rollout sync, List<Cached<V1ReplicaSet>> replicaSets, CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: false, cancellationToken).ConfigureAwait(false);
        var scaledDown = false;
        foreach (var rs in Active(oldRss).ToList())
        {
            var (scaled, _) = await ScaleAndRecordAsync(sync, rs, 0, cancellationToken).ConfigureAwait(false);
            scaledDown |= scaled;
        }

        if (scaledDown || OldPodsRunning(newRs, oldRss))
        {
            await SyncRolloutStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (newRs is null)
        {
            (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: true, cancellationToken).ConfigureAwait(false);
        }

        if (newRs is not null && RolloutArithmetic.Replicas(newRs.Model) != RolloutArithmetic.Replicas(sync.Model))
        {
            (_, newRs) = await ScaleAndRecordAsync(sync, newRs, RolloutArithmetic.Replicas(sync.Model), cancellationToken).ConfigureAwait(false);
        }

        if (IsComplete(sync.Model, CopyStatus(sync.Model))) await CleanupAsync(sync, oldRss, cancellationToken).ConfigureAwait(false);
        await SyncRolloutStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Old ReplicaSets still report pods, or pods of theirs (terminating ones too) have not finished.</summary>
    private bool OldPodsRunning(Cached<V1ReplicaSet>? newRs, List<Cached<V1ReplicaSet>> oldRss)
    {
        if (oldRss.Sum(rs => rs.Model.Status?.Replicas ?? 0) > 0) return true;
        return oldRss.Where(rs => rs != newRs).Any(rs =>
            Informers.Pods.ByIndex(SharedInformers.ByController, rs.Object.Uid).Any(p => !PodFacts.IsTerminal(p.Model)));
    }

    /// <summary>Paused deployments and scaling events: proportional scaling across active ReplicaSets, no rollout.</summary>
    private async Task SyncScalingAsync(Rollout sync, List<Cached<V1ReplicaSet>> replicaSets, CancellationToken cancellationToken)
    {
        var (newRs, oldRss) = await ReplicaSetsAndSyncRevisionAsync(sync, replicaSets, create: false, cancellationToken).ConfigureAwait(false);
        await ScaleAsync(sync, newRs, oldRss, cancellationToken).ConfigureAwait(false);
        if (sync.Model.Spec?.Paused == true) await CleanupAsync(sync, oldRss, cancellationToken).ConfigureAwait(false);
        await SyncStatusAsync(sync, oldRss, newRs, cancellationToken).ConfigureAwait(false);
    }

    private async Task ScaleAsync(Rollout sync, Cached<V1ReplicaSet>? newRs, List<Cached<V1ReplicaSet>> oldRss, CancellationToken cancellationToken)
    {
        var d = sync.Model;
        var desired = RolloutArithmetic.Replicas(d);
        var active = Active(All(newRs, oldRss)).ToList();
        var only = active.Count switch
        {
            0 => newRs ?? oldRss.OrderByDescending(rs => rs.Model.Metadata.CreationTimestamp).FirstOrDefault(),
            1 => active[0],
            _ => null,
        };
        if (only is not null || (newRs is null && oldRss.Count == 0))
        {
            if (only is not null && RolloutArithmetic.Replicas(only.Model) != desired) await ScaleAndRecordAsync(sync, only, desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (newRs is not null && RolloutArithmetic.Replicas(newRs.Model) == desired &&
            ReplicaSetAnnotations.DesiredReplicasOf(newRs.Model) == desired && (newRs.Model.Status?.AvailableReplicas ?? 0) == desired)
        {
            foreach (var rs in Active(oldRss)) await ScaleAndRecordAsync(sync, rs, 0, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!RolloutArithmetic.IsRollingUpdate(d)) return;
        var allowed = desired > 0 ? desired + RolloutArithmetic.MaxSurge(d) : 0;
        var toAdd = allowed - active.Sum(rs => RolloutArithmetic.Replicas(rs.Model));
        var ordered = toAdd > 0
            ? active.OrderByDescending(rs => RolloutArithmetic.Replicas(rs.Model)).ThenByDescending(rs => rs.Model.Metadata.CreationTimestamp).ToList()
            : active.OrderByDescending(rs => RolloutArithmetic.Replicas(rs.Model)).ThenBy(rs => rs.Model.Metadata.CreationTimestamp).ToList();
        var added = 0;
        var sizes = new List<int>();
        foreach (var rs in ordered)
        {
            var proportion = toAdd == 0 ? 0 : Proportion(rs.Model, d, toAdd, added);
            sizes.Add(RolloutArithmetic.Replicas(rs.Model) + proportion);
            added += proportion;
        }

        if (ordered.Count > 0 && toAdd != 0) sizes[0] = Math.Max(0, sizes[0] + toAdd - added);
        for (var i = 0; i < ordered.Count; i++) await ScaleAndRecordAsync(sync, ordered[i], sizes[i], cancellationToken).ConfigureAwait(false);
    }

    private static int Proportion(V1ReplicaSet rs, V1Deployment d, int toAdd, int added)
    {
        if (RolloutArithmetic.Replicas(rs) == 0 || toAdd == 0 || toAdd == added) return 0;
        int fraction;
        if (RolloutArithmetic.Replicas(d) == 0)
        {
            fraction = -RolloutArithmetic.Replicas(rs);
        }
        else
        {
            var maxReplicas = RolloutArithmetic.Replicas(d) + RolloutArithmetic.MaxSurge(d);
            var before = ReplicaSetAnnotations.MaxReplicasOf(rs) is { } annotated and > 0 ? annotated : d.Status?.Replicas ?? 0;
            fraction = before == 0 ? 0 : (int)Math.Round((double)RolloutArithmetic.Replicas(rs) * maxReplicas / before, MidpointRounding.AwayFromZero) - RolloutArithmetic.Replicas(rs);
        }

        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    /// <summary>Sets a ReplicaSet's size and replica annotations; records ScalingReplicaSet when the size changed.</summary>
    private async Task<(bool Scaled, Cached<V1ReplicaSet> ReplicaSet)> ScaleAndRecordAsync(Rollout sync, Cached<V1ReplicaSet> rs, int newScale,
        CancellationToken cancellationToken)
    {
        var d = sync.Model;
        var oldScale = RolloutArithmetic.Replicas(rs.Model);
        var desired = RolloutArithmetic.Replicas(d);
        var max = desired + RolloutArithmetic.MaxSurge(d);
        var annotations = new Dictionary<string, string>(rs.Model.Metadata.Annotations ?? new Dictionary<string, string>());
        var annotationsChanged = ReplicaSetAnnotations.SetReplicas(annotations, desired, max);
        if (oldScale == newScale && !annotationsChanged) return (false, rs);
        var updated = await _client.UpdateAsync(rs.Object, body =>
        {
            body["spec"]!["replicas"] = newScale;
            var metadata = body["metadata"]!.AsObject();
            if (metadata["annotations"] is not JsonObject current) metadata["annotations"] = current = [];
            ReplicaSetAnnotations.SetReplicas(new JsonAnnotations(current), desired, max);
            return true;
        }, cancellationToken, retryOnConflict: false).ConfigureAwait(false);
        if (updated is null) return (false, rs);
        if (oldScale != newScale)
        {
            var direction = oldScale < newScale ? "up" : "down";
            await _events.NormalAsync(sync.Object, "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Name} from {oldScale} to {newScale}", cancellationToken).ConfigureAwait(false);
        }

        return (oldScale != newScale, Cache(updated));
    }

    /// <summary>Deletes the oldest ReplicaSets beyond revisionHistoryLimit, if they are scaled to zero and settled.</summary>
    private async Task CleanupAsync(Rollout sync, List<Cached<V1ReplicaSet>> oldRss, CancellationToken cancellationToken)
    {
        if (sync.Model.Spec?.RevisionHistoryLimit is not { } limit) return;
        var cleanable = oldRss.Where(rs => rs.Model.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0) return;
        foreach (var rs in cleanable.OrderBy(rs => ReplicaSetAnnotations.RevisionOf(rs.Model.Metadata)).ThenBy(rs => rs.Model.Metadata.CreationTimestamp).Take(diff))
        {
            if ((rs.Model.Status?.Replicas ?? 0) != 0 || RolloutArithmetic.Replicas(rs.Model) != 0 ||
                rs.Model.Metadata.Generation > (rs.Model.Status?.ObservedGeneration ?? 0)) continue;
            await _client.DeleteAsync(BuiltInResources.ReplicaSets, rs.Namespace, rs.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private V1DeploymentStatus CalculateStatus(Rollout sync, List<Cached<V1ReplicaSet>> oldRss, Cached<V1ReplicaSet>? newRs)
    {
        var d = sync.Model;
        var all = All(newRs, oldRss).ToList();
        var available = all.Sum(rs => rs.Model.Status?.AvailableReplicas ?? 0);
        var total = all.Sum(rs => RolloutArithmetic.Replicas(rs.Model));
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = all.Sum(rs => rs.Model.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Model.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Model.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = CopyStatus(d).Conditions,
        };
        DeploymentConditions.Set(status, available >= RolloutArithmetic.Replicas(d) - RolloutArithmetic.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", Clock.Now())
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", Clock.Now()));
        return status;
    }

    private Task SyncStatusAsync(Rollout sync, List<Cached<V1ReplicaSet>> oldRss, Cached<V1ReplicaSet>? newRs, CancellationToken cancellationToken) =>
        WriteStatusAsync(sync, CalculateStatus(sync, oldRss, newRs), cancellationToken);

    /// <summary>Status plus the Progressing condition: progressing, complete, or past its deadline; requeues to check the deadline.</summary>
    private async Task SyncRolloutStatusAsync(Rollout sync, List<Cached<V1ReplicaSet>> oldRss, Cached<V1ReplicaSet>? newRs, CancellationToken cancellationToken)
    {
        var d = sync.Model;
        var status = CalculateStatus(sync, oldRss, newRs);
        if (!HasProgressDeadline(d)) DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        var current = d.Status is null ? null : DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        var isCompleteDeployment = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
        var now = Clock.Now();
        if (HasProgressDeadline(d) && !isCompleteDeployment)
        {
            if (IsComplete(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable,
                    newRs is null ? $"Deployment \"{sync.Cached.Name}\" has successfully progressed." : $"ReplicaSet \"{newRs.Name}\" has successfully progressed.", now));
            }
            else if (IsProgressing(d, status))
            {
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated,
                    newRs is null ? $"Deployment \"{sync.Cached.Name}\" is progressing." : $"ReplicaSet \"{newRs.Name}\" is progressing.", now);
                var existing = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
                if (existing is not null)
                {
                    if (existing.Status == "True") condition.LastTransitionTime = existing.LastTransitionTime;
                    DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                }

                DeploymentConditions.Set(status, condition);
            }
            else if (HasTimedOut(d, status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded,
                    newRs is null ? $"Deployment \"{sync.Cached.Name}\" has timed out progressing." : $"ReplicaSet \"{newRs.Name}\" has timed out progressing.", now));
            }
        }

        var failure = All(newRs, oldRss).Select(rs => rs.Model.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True")).FirstOrDefault(c => c is not null);
        if (failure is not null)
        {
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.ReplicaFailure, "True", failure.Reason, failure.Message, failure.LastTransitionTime ?? now));
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        if (!await WriteStatusAsync(sync, status, cancellationToken).ConfigureAwait(false)) RequeueStuck(sync, status);
    }

    private void RequeueStuck(Rollout sync, V1DeploymentStatus status)
    {
        var d = sync.Model;
        var current = d.Status is null ? null : DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (!HasProgressDeadline(d) || current is null) return;
        if (IsComplete(d, status) || current.Reason == DeploymentConditions.ProgressDeadlineExceeded) return;
        var after = (current.LastUpdateTime ?? Clock.Now()).AsInstant().AddSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) - Clock.GetUtcNow();
        if (after < TimeSpan.FromSeconds(1)) _queue.AddRateLimited(sync.Cached.Key);
        else _queue.AddAfter(sync.Cached.Key, after + TimeSpan.FromSeconds(1));
    }

    /// <returns>Whether the status changed and was written.</returns>
    private async Task<bool> WriteStatusAsync(Rollout sync, V1DeploymentStatus desired, CancellationToken cancellationToken)
    {
        var desiredJson = ClusterClient.ToJson(desired);
        var written = await _client.UpdateAsync(sync.Object, body =>
        {
            if (body["status"] is JsonObject current && JsonNode.DeepEquals(current, desiredJson)) return false;
            body["status"] = desiredJson.DeepClone();
            return true;
        }, cancellationToken, "status", retryOnConflict: false).ConfigureAwait(false);
        if (written is null) return false;
        sync.Refresh(written);
        return true;
    }

    private static bool HasProgressDeadline(V1Deployment d) => d.Spec?.ProgressDeadlineSeconds is { } s && s != int.MaxValue;

    private static bool IsComplete(V1Deployment d, V1DeploymentStatus status)
    {
        var desired = RolloutArithmetic.Replicas(d);
        return status.UpdatedReplicas == desired && status.Replicas == desired && status.AvailableReplicas == desired &&
               (status.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0);
    }

    private static bool IsProgressing(V1Deployment d, V1DeploymentStatus status)
    {
        var before = d.Status ?? new V1DeploymentStatus();
        var oldBefore = (before.Replicas ?? 0) - (before.UpdatedReplicas ?? 0);
        var oldNow = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return (status.UpdatedReplicas ?? 0) > (before.UpdatedReplicas ?? 0) || oldNow < oldBefore ||
               (status.ReadyReplicas ?? 0) > (before.ReadyReplicas ?? 0) || (status.AvailableReplicas ?? 0) > (before.AvailableReplicas ?? 0);
    }

    private bool HasTimedOut(V1Deployment d, V1DeploymentStatus status)
    {
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (condition is null || condition.Reason == DeploymentConditions.NewReplicaSetAvailable) return false;
        if (condition.Reason == DeploymentConditions.ProgressDeadlineExceeded) return true;
        var from = (condition.LastUpdateTime ?? Clock.Now()).AsInstant();
        return from.AddSeconds(d.Spec!.ProgressDeadlineSeconds!.Value) < Clock.GetUtcNow();
    }

    private static V1DeploymentStatus CopyStatus(V1Deployment d) =>
        d.Status is null ? new V1DeploymentStatus() : k8s.KubernetesJson.Deserialize<V1DeploymentStatus>(k8s.KubernetesJson.Serialize(d.Status));

    private static IEnumerable<Cached<V1ReplicaSet>> All(Cached<V1ReplicaSet>? newRs, IEnumerable<Cached<V1ReplicaSet>> oldRss) =>
        newRs is null ? oldRss : oldRss.Append(newRs);

    private static IEnumerable<Cached<V1ReplicaSet>> Active(IEnumerable<Cached<V1ReplicaSet>> replicaSets) =>
        replicaSets.Where(rs => RolloutArithmetic.Replicas(rs.Model) > 0);

    private static Cached<V1ReplicaSet> Cache(StoredObject rs) => new(rs, rs.ToModel<V1ReplicaSet>());

    /// <summary>The Deployment as one sync sees it, refreshed after each of its own writes.</summary>
    private sealed class Rollout(Cached<V1Deployment> cached)
    {
        public Cached<V1Deployment> Cached { get; private set; } = cached;
        public StoredObject Object => Cached.Object;
        public V1Deployment Model => Cached.Model;

        public void Refresh(StoredObject written) => Cached = new Cached<V1Deployment>(written, written.ToModel<V1Deployment>());
    }
}
