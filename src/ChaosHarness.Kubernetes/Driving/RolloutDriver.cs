using System.Text.Json.Nodes;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Driving;

/// <summary>
/// Drives progressive rollouts the way their own tools do (kubectl set image / scale, kubectl argo rollouts
/// promote / abort / retry), telling the timeline each time. Every write is guarded by the resource version it read.
/// </summary>
public sealed class RolloutDriver(KubernetesFleet fleet, Timeline timeline, TextWriter output)
{
    private const int MaxConflicts = 10;

    /// <summary>Starts a rollout: sets a container's image in a Deployment's or an Argo Rollout's pod template.</summary>
    public Task SetImageAsync(ObjectRef workload, string container, string image, CancellationToken cancellationToken = default)
        => UpdateAsync(workload, body =>
        {
            var containers = body.At("spec.template.spec.containers") as JsonArray ?? throw new InvalidOperationException($"{workload} has no pod template containers.");
            var index = containers.Select((c, i) => (c, i)).FirstOrDefault(p => p.c.Str("name") == container, (null!, -1)).Item2;
            if (index < 0)
            {
                throw new InvalidOperationException($"{workload} has no container '{container}' (it has {string.Join(", ", containers.Select(c => c.Str("name")))}).");
            }

            return new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = $"/spec/template/spec/containers/{index}/image", ["value"] = image });
        }, $"set image {container}={image}", cancellationToken);

    /// <summary>Creates the object unless one of that name exists (a workload the experiment brings, a namespace); true if created.</summary>
    public async Task<bool> EnsureExistsAsync(string cluster, ResourceKind kind, JsonObject body, CancellationToken cancellationToken = default)
    {
        var name = body.Str("metadata.name") ?? throw new ArgumentException("The object has no metadata.name.", nameof(body));
        var ns = kind.Namespaced ? body.Str("metadata.namespace") ?? throw new ArgumentException("A namespaced object needs metadata.namespace.", nameof(body)) : null;
        var subject = new ObjectRef(cluster, kind, ns, name);
        fleet.Fleet.AllowList.EnsureNamespace(ns ?? (kind.Kind == "Namespace" ? name : ""));
        var rest = fleet.Connect(cluster).Rest;
        if (await rest.GetAsync(kind, ns, name, cancellationToken).ConfigureAwait(false) is not null || DryRun(subject, "create"))
        {
            return false;
        }

        try
        {
            await rest.CreateAsync(kind, ns, body, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsConflict)
        {
            return false;
        }

        timeline.Record(TimelineEventKind.Action, cluster, subject.Display, "created");
        return true;
    }

    public Task ScaleAsync(ObjectRef workload, int replicas, CancellationToken cancellationToken = default)
        => UpdateAsync(workload, _ => new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/replicas", ["value"] = replicas }), $"scale to {replicas}", cancellationToken);

    /// <summary>Argo: <c>kubectl argo rollouts promote</c> — unpause and clear the pause conditions.</summary>
    public async Task PromoteAsync(ObjectRef rollout, CancellationToken cancellationToken = default)
    {
        EnsureArgo(rollout);
        if (DryRun(rollout, "promote"))
        {
            return;
        }

        var rest = fleet.Connect(rollout.Cluster).Rest;
        await rest.PatchAsync(rollout.Kind, rollout.Namespace, rollout.Name, PatchKind.Merge, new JsonObject { ["spec"] = new JsonObject { ["paused"] = false } }, cancellationToken).ConfigureAwait(false);
        await rest.PatchAsync(rollout.Kind, rollout.Namespace, rollout.Name, PatchKind.Merge, new JsonObject { ["status"] = new JsonObject { ["pauseConditions"] = null } }, cancellationToken, "status").ConfigureAwait(false);
        timeline.Record(TimelineEventKind.Action, rollout.Cluster, rollout.Display, "promote");
    }

    /// <summary>Argo: <c>kubectl argo rollouts abort</c>.</summary>
    public Task AbortAsync(ObjectRef rollout, CancellationToken cancellationToken = default) => SetAbortAsync(rollout, true, "abort", cancellationToken);

    /// <summary>Argo: <c>kubectl argo rollouts retry</c>.</summary>
    public Task RetryAsync(ObjectRef rollout, CancellationToken cancellationToken = default) => SetAbortAsync(rollout, false, "retry", cancellationToken);

    private async Task SetAbortAsync(ObjectRef rollout, bool abort, string action, CancellationToken cancellationToken)
    {
        EnsureArgo(rollout);
        if (DryRun(rollout, action))
        {
            return;
        }

        await fleet.Connect(rollout.Cluster).Rest.PatchAsync(rollout.Kind, rollout.Namespace, rollout.Name, PatchKind.Merge, new JsonObject { ["status"] = new JsonObject { ["abort"] = abort } }, cancellationToken, "status").ConfigureAwait(false);
        timeline.Record(TimelineEventKind.Action, rollout.Cluster, rollout.Display, action);
    }

    private async Task UpdateAsync(ObjectRef workload, Func<JsonObject, JsonArray> operations, string action, CancellationToken cancellationToken)
    {
        fleet.Fleet.AllowList.EnsureNamespace(workload.Namespace ?? "");
        if (DryRun(workload, action))
        {
            return;
        }

        var rest = fleet.Connect(workload.Cluster).Rest;
        for (var attempt = 1; ; attempt++)
        {
            var body = await rest.GetAsync(workload.Kind, workload.Namespace, workload.Name, cancellationToken).ConfigureAwait(false)
                       ?? throw new InvalidOperationException($"{workload} does not exist.");
            var patch = operations(body);
            patch.Insert(0, new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = body.Str("metadata.resourceVersion") });
            try
            {
                await rest.PatchAsync(workload.Kind, workload.Namespace, workload.Name, PatchKind.Json, patch, cancellationToken).ConfigureAwait(false);
                timeline.Record(TimelineEventKind.Action, workload.Cluster, workload.Display, action);
                return;
            }
            catch (KubernetesApiException e) when ((e.IsConflict || (int)e.StatusCode == 422) && attempt < MaxConflicts)
            {
            }
        }
    }

    private bool DryRun(ObjectRef workload, string action)
    {
        if (!fleet.Options.DryRun)
        {
            return false;
        }

        output.WriteLine($"[dry run] would {action} on {workload}");
        timeline.Record(TimelineEventKind.Action, workload.Cluster, workload.Display, $"dry run: would {action}");
        return true;
    }

    private static void EnsureArgo(ObjectRef rollout)
    {
        if (rollout.Kind != ResourceKind.Rollout)
        {
            throw new ArgumentException($"{rollout} is not an Argo Rollout.", nameof(rollout));
        }
    }
}
