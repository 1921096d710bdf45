using System.Globalization;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers.Workloads;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Rollouts;

/// <summary>The ReplicaSets of a rollout: created per version, revisioned, sized for the step, kept or scaled down after a delay.</summary>
internal sealed partial class RolloutSync
{
    private const int DefaultRevisionHistoryLimit = 10;
    private static readonly TimeSpan DefaultScaleDownDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultAbortScaleDownDelay = TimeSpan.FromSeconds(30);

    /// <summary>Finds (or creates) the new ReplicaSet, gives it the next revision, and the rollout the revision of its new version.</summary>
    private async Task SyncRevisionAsync(bool create, CancellationToken cancellationToken)
    {
        if (_sets.New is { } newRs)
        {
            var newRevision = MaxRevision(_sets.All.Where(rs => rs.Name != newRs.Name)) + 1;
            if (newRs.Model.Revision() < newRevision || newRs.Model.Spec?.MinReadySeconds != _rollout.Spec.MinReadySeconds)
            {
                var revision = Math.Max(newRs.Model.Revision(), newRevision);
                newRs = await UpdateReplicaSetAsync(newRs, body =>
                {
                    Annotations(body)[ArgoLabels.Revision] = revision.ToString(CultureInfo.InvariantCulture);
                    body["spec"]!["minReadySeconds"] = _rollout.Spec.MinReadySeconds;
                }, cancellationToken).ConfigureAwait(false);
            }

            await SetRolloutRevisionAsync(newRs.Model.Revision(), cancellationToken).ConfigureAwait(false);
            if (_previous.Condition(RolloutConditions.Progressing) is null)
            {
                RolloutConditions.Set(_previous, RolloutConditions.New(RolloutConditions.Progressing, "True", RolloutReasons.FoundNewReplicaSet,
                    Format(RolloutReasons.FoundNewReplicaSetMessage, newRs.Name), _now));
            }

            return;
        }

        if (create) await CreateNewReplicaSetAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateNewReplicaSetAsync(CancellationToken cancellationToken)
    {
        var revision = MaxRevision(_sets.All) + 1;
        var template = _rollout.Spec.Template!.DeepClone().AsObject();
        if (template["metadata"] is not JsonObject templateMetadata) template["metadata"] = templateMetadata = [];
        if (templateMetadata["labels"] is not JsonObject labels) templateMetadata["labels"] = labels = [];
        labels[ArgoLabels.PodTemplateHash] = _podHash;
        var selector = _object.ToJsonObject()["spec"]!["selector"]!.DeepClone().AsObject();
        if (selector["matchLabels"] is not JsonObject matchLabels) selector["matchLabels"] = matchLabels = [];
        matchLabels[ArgoLabels.PodTemplateHash] = _podHash;
        var name = $"{_rollout.Name}-{_podHash}";
        var body = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = _rollout.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = new JsonObject
                {
                    [ArgoLabels.Revision] = revision.ToString(CultureInfo.InvariantCulture),
                    [ArgoLabels.DesiredReplicas] = _rollout.Replicas.ToString(CultureInfo.InvariantCulture),
                },
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(_object)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["minReadySeconds"] = _rollout.Spec.MinReadySeconds,
                ["selector"] = selector,
                ["template"] = template,
            },
        };

        StoredObject created;
        try
        {
            created = await Client.CreateAsync(BuiltInResources.ReplicaSets, _rollout.Namespace, body, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            var adopted = Cache(await AdoptOrCollideAsync(name, cancellationToken).ConfigureAwait(false));
            _sets = _sets.WithNew(adopted);
            await SetRolloutRevisionAsync(adopted.Model.Revision(), cancellationToken).ConfigureAwait(false);
            return;
        }

        _sets = _sets.WithNew(Cache(created));
        await SetRolloutRevisionAsync(revision, cancellationToken).ConfigureAwait(false);
        Record(RolloutReasons.NewReplicaSetCreated, Format(RolloutReasons.NewReplicaSetDetailedMessage, name, revision));
        RolloutConditions.Set(_previous, RolloutConditions.New(RolloutConditions.Progressing, "True", RolloutReasons.NewReplicaSetCreated,
            Format(RolloutReasons.NewReplicaSetMessage, name), _now));
    }

    /// <summary>
    /// A ReplicaSet of that name exists: ours with our template (a stale cache) is taken as the new one; anything else is a
    /// hash collision, resolved by bumping <c>status.collisionCount</c> and trying again.
    /// </summary>
    private async Task<StoredObject> AdoptOrCollideAsync(string name, CancellationToken cancellationToken)
    {
        var existing = await Client.GetAsync(BuiltInResources.ReplicaSets, _rollout.Namespace, name, cancellationToken).ConfigureAwait(false);
        var model = existing.ToModel<V1ReplicaSet>();
        if (OwnerReferences.ControllerOf(model.Metadata)?.Uid == _object.Uid &&
            PodTemplates.Derives(_rollout.Spec.Template, existing.ToJsonObject()["spec"]?["template"]))
        {
            return existing;
        }

        var collisions = (Status.CollisionCount ?? 0) + 1;
        await Client.PatchAsync(ArgoResources.Rollouts, _rollout.Namespace, _rollout.Name, PatchType.Merge,
            new JsonObject { ["status"] = new JsonObject { ["collisionCount"] = collisions } }, cancellationToken, "status").ConfigureAwait(false);
        throw new InvalidOperationException($"Found a hash collision for ReplicaSet \"{name}\" - bumped collisionCount to {collisions} to resolve it");
    }

    /// <summary>Writes the revision of the new version on the rollout (<c>rollout.argoproj.io/revision</c>).</summary>
    private async Task SetRolloutRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (_rollout.Metadata.Annotation(ArgoLabels.Revision) == text) return;
        var body = _object.ToJsonObject();
        Annotations(body)[ArgoLabels.Revision] = text;
        _object = Written = await Client.ReplaceAsync(ArgoResources.Rollouts, body, cancellationToken).ConfigureAwait(false);
        _rollout.Metadata = ArgoJson.Read<Rollout>(_object).Metadata;
        Record(RolloutReasons.RolloutUpdated, Format(RolloutReasons.RolloutUpdatedMessage, text));
    }

    /// <summary>Deletes the oldest scaled-down ReplicaSets beyond <c>revisionHistoryLimit</c> (default 10), with their analysis runs.</summary>
    private async Task ReconcileRevisionHistoryLimitAsync(CancellationToken cancellationToken)
    {
        var limit = _rollout.Spec.RevisionHistoryLimit ?? DefaultRevisionHistoryLimit;
        var cleanable = _sets.Others.ToList();
        var excess = cleanable.Count - limit;
        foreach (var rs in cleanable.Take(Math.Max(excess, 0)))
        {
            var model = rs.Model;
            if (model.ActualReplicas() != 0 || model.SpecReplicas() != 0 || model.Metadata.Generation > (model.Status?.ObservedGeneration ?? 0)) continue;
            await Client.DeleteAsync(BuiltInResources.ReplicaSets, rs.Namespace, rs.Name, cancellationToken).ConfigureAwait(false);
            foreach (var run in _otherRuns.Where(r => r.Metadata.Label(ArgoLabels.PodTemplateHash) == model.PodHash()))
            {
                await Client.DeleteAsync(ArgoResources.AnalysisRuns, run.Metadata.NamespaceProperty, run.Name, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Scales stable, then canary, then the others, one kind of change per reconcile; true when something was scaled.</summary>
    private async Task<bool> ReconcileCanaryReplicaSetsAsync(CancellationToken cancellationToken)
    {
        await RemoveScaleDownDeadlinesAsync(cancellationToken).ConfigureAwait(false);
        if (_sets.StableExists && await ScaleAsync(_sets.Stable!, _rollout.Replicas, cancellationToken).ConfigureAwait(false)) return true;
        if (await ReconcileNewReplicaSetAsync(cancellationToken).ConfigureAwait(false)) return true;
        return await ReconcileOtherReplicaSetsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The ReplicaSets in use lose any scale-down deadline (a rollback to a ReplicaSet still kept up, for instance).</summary>
    private async Task RemoveScaleDownDeadlinesAsync(CancellationToken cancellationToken)
    {
        var inUse = new List<Cached<V1ReplicaSet>>();
        if (_sets.New is { } newRs && !ShouldDelayScaleDownOnAbort) inUse.Add(newRs);
        if (_sets.Stable is { } stable && inUse.All(rs => rs.Name != stable.Name)) inUse.Add(stable);
        foreach (var rs in inUse.Where(rs => rs.Model.ScaleDownDeadline() is not null))
        {
            await SetScaleDownDeadlineAsync(rs, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ReconcileNewReplicaSetAsync(CancellationToken cancellationToken)
    {
        if (_sets.New is not { } newRs) return false;
        var (count, _) = CanaryReplicaCounts.Desired(_rollout, _sets);
        if (_pause.IsAborted && _sets.Stable is not null && AbortScaleDownDelay is null) return false;
        if (ShouldDelayScaleDownOnAbort)
        {
            if (newRs.Model.ScaleDownDeadline() is { } deadline)
            {
                if (deadline > _now)
                {
                    RequeueAfter(deadline - _now);
                    return false;
                }

                count = 0;
            }
            else
            {
                if (_sets.Stable!.Model.AvailableReplicas() == _rollout.Replicas)
                {
                    await SetScaleDownDeadlineAsync(newRs, _now + AbortScaleDownDelay!.Value, cancellationToken).ConfigureAwait(false);
                    RequeueAfter(AbortScaleDownDelay.Value);
                }

                return false;
            }
        }

        return await ScaleAsync(_sets.New!, count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An aborted canary stays up until its scale-down deadline (<c>abortScaleDownDelaySeconds</c>, default 30).</summary>
    private bool ShouldDelayScaleDownOnAbort => _pause.IsAborted && _sets.Stable is not null && AbortScaleDownDelay is not null;

    /// <summary>Null when <c>abortScaleDownDelaySeconds</c> is 0: the aborted canary is left up for good.</summary>
    private TimeSpan? AbortScaleDownDelay => _rollout.Canary?.AbortScaleDownDelaySeconds switch
    {
        null => DefaultAbortScaleDownDelay,
        0 => null,
        var seconds => TimeSpan.FromSeconds(seconds.Value),
    };

    /// <summary>
    /// Scales the other ReplicaSets down, keeping the availability the rollout needs: unhealthy replicas go first; a previous
    /// stable (or a canary left behind by a rollback) stays at its size until its scale-down deadline
    /// (<c>scaleDownDelaySeconds</c>, default 30), as traffic may still reach it. Argo sizes it to the rollout's replicas
    /// meanwhile, which grows a small canary; the fleet keeps its size.
    /// </summary>
    private async Task<bool> ReconcileOtherReplicaSetsAsync(CancellationToken cancellationToken)
    {
        var active = _sets.Others.Where(rs => rs.Model.SpecReplicas() > 0).ToList();
        if (active.Count == 0) return false;

        var scaledDown = 0;
        foreach (var rs in active.ToList())
        {
            var model = rs.Model;
            if (model.SpecReplicas() == model.AvailableReplicas()) continue;
            scaledDown += model.SpecReplicas() - model.AvailableReplicas();
            await ScaleAsync(rs, model.AvailableReplicas(), cancellationToken).ConfigureAwait(false);
        }

        active = [.. _sets.Others.Where(rs => rs.Model.SpecReplicas() > 0)];
        var maxScaleDown = _sets.All.Available() - (_rollout.Replicas - MaxUnavailable);
        foreach (var rs in active.OrderByDescending(rs => rs.Model.Revision()))
        {
            if (maxScaleDown <= 0) break;
            if (IsStillReferenced(rs.Model)) continue;
            var current = rs.Model.SpecReplicas();
            var desired = 0;
            if (rs.Model.ScaleDownDeadline() is { } deadline)
            {
                if (deadline > _now)
                {
                    RequeueAfter(deadline - _now);
                    desired = current;
                }
            }
            else
            {
                var delay = _rollout.Canary?.ScaleDownDelaySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultScaleDownDelay;
                if (delay > TimeSpan.Zero)
                {
                    await SetScaleDownDeadlineAsync(rs, _now + delay, cancellationToken).ConfigureAwait(false);
                    RequeueAfter(delay);
                    desired = current;
                }
            }

            if (current == desired) continue;
            var latest = _sets.All.First(s => s.Name == rs.Name);
            await ScaleAsync(latest, desired, cancellationToken).ConfigureAwait(false);
            maxScaleDown -= current - desired;
            scaledDown += Math.Max(current - desired, 0);
        }

        return scaledDown > 0;
    }

    private bool IsStillReferenced(V1ReplicaSet rs)
    {
        var hash = rs.PodHash();
        if (string.IsNullOrEmpty(hash)) return false;
        var weights = Status.Canary.Weights;
        return Status.StableRS == hash || weights?.Canary.PodTemplateHash == hash || weights?.Stable.PodTemplateHash == hash;
    }

    /// <summary>maxUnavailable of the canary strategy (default 25%, rounded down; 1 if both it and maxSurge come to 0).</summary>
    private int MaxUnavailable
    {
        get
        {
            var replicas = _rollout.Replicas;
            var unavailable = Scaled(_rollout.Canary?.MaxUnavailable, replicas, roundUp: false, fallbackPercent: 25);
            var surge = Scaled(_rollout.Canary?.MaxSurge, replicas, roundUp: true, fallbackPercent: 25);
            return unavailable == 0 && surge == 0 ? 1 : Math.Min(unavailable, replicas);
        }
    }

    private static int Scaled(IntOrText? value, int total, bool roundUp, int fallbackPercent)
    {
        if (value?.Number is { } number) return number;
        var text = value?.Text ?? $"{fallbackPercent}%";
        if (!text.EndsWith('%') || !int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent)) return 0;
        var exact = total * percent / 100.0;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }

    /// <summary>Sets <c>spec.replicas</c> and the desired-replicas annotation; true when the size changed.</summary>
    private async Task<bool> ScaleAsync(Cached<V1ReplicaSet> rs, int replicas, CancellationToken cancellationToken)
    {
        var desiredText = _rollout.Replicas.ToString(CultureInfo.InvariantCulture);
        var current = rs.Model.SpecReplicas();
        if (current == replicas && rs.Model.Metadata.Annotation(ArgoLabels.DesiredReplicas) == desiredText) return false;
        var fullScaleDown = replicas == 0 && !ShouldDelayScaleDownOnAbort;
        await UpdateReplicaSetAsync(rs, body =>
        {
            body["spec"]!["replicas"] = replicas;
            var annotations = Annotations(body);
            annotations[ArgoLabels.DesiredReplicas] = desiredText;
            if (fullScaleDown) annotations.Remove(ArgoLabels.ScaleDownDeadline);
        }, cancellationToken).ConfigureAwait(false);
        if (current == replicas) return false;
        Record(RolloutReasons.ScalingReplicaSet, Format(RolloutReasons.ScalingReplicaSetMessage,
            current < replicas ? "up" : "down", rs.Name, rs.Model.Revision(), current, replicas));
        return true;
    }

    private async Task SetScaleDownDeadlineAsync(Cached<V1ReplicaSet> rs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var patch = new JsonArray(deadline is { } at
            ? new JsonObject { ["op"] = "add", ["path"] = $"/metadata/annotations/{ArgoLabels.ScaleDownDeadline}", ["value"] = KubernetesTime.Format(at) }
            : new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/annotations/{ArgoLabels.ScaleDownDeadline}" });
        if (rs.Model.Metadata.Annotations is null && deadline is not null)
        {
            patch.Insert(0, new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject() });
        }

        var updated = await Client.PatchAsync(BuiltInResources.ReplicaSets, rs.Namespace, rs.Name, PatchType.Json, patch, cancellationToken).ConfigureAwait(false);
        _sets = _sets.Replace(Cache(updated));
    }

    /// <summary>Updates a ReplicaSet as read from the cache: a stale version fails with 409 and the rollout is reconciled again.</summary>
    private async Task<Cached<V1ReplicaSet>> UpdateReplicaSetAsync(Cached<V1ReplicaSet> rs, Action<JsonObject> change, CancellationToken cancellationToken)
    {
        var body = rs.Object.ToJsonObject();
        change(body);
        var updated = Cache(await Client.ReplaceAsync(BuiltInResources.ReplicaSets, body, cancellationToken).ConfigureAwait(false));
        _sets = _sets.Replace(updated);
        return updated;
    }

    private static JsonObject Annotations(JsonObject body)
    {
        var metadata = body["metadata"]!.AsObject();
        if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
        return annotations;
    }

    private static long MaxRevision(IEnumerable<Cached<V1ReplicaSet>> sets) => sets.Select(rs => rs.Model.Revision()).DefaultIfEmpty(0).Max();

    private static Cached<V1ReplicaSet> Cache(StoredObject stored) => new(stored, stored.ToModel<V1ReplicaSet>());
}
