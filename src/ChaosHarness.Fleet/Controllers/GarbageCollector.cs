using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>
/// The garbage collector: deletes objects whose owners (ownerReferences) are all gone, in the background; honours the
/// finalizers ClusterApi adds for the other propagation policies — <c>orphan</c> (dependents lose the owner reference, then
/// the owner goes) and <c>foregroundDeletion</c> (dependents are deleted first, then the owner goes).
/// </summary>
public sealed class GarbageCollector : IClusterController
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";
    private const string ByOwner = "owner-uid";
    private const string ByUid = "uid";
    private static readonly TimeSpan ForegroundRecheck = TimeSpan.FromSeconds(5);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly WorkQueue<GarbageWork> _queue;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Informer> _watched = new(StringComparer.Ordinal);

    public GarbageCollector(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("generic-garbage-collector");
        _queue = context.NewQueue<GarbageWork>(Name);
        WatchCatalog();
        context.Cluster.Catalog.Changed += WatchCatalog;
    }

    public string Name => "garbage-collector";

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        try
        {
            Informer[] informers;
            lock (_gate) informers = [.. _watched.Values];
            await Task.WhenAll(informers.Select(i => i.Synced)).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _queue.RunAsync(2, ProcessAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            cluster.Catalog.Changed -= WatchCatalog;
            _queue.Dispose();
        }
    }

    private void WatchCatalog()
    {
        // Events neither own anything nor are owned: watching them would only cost memory.
        foreach (var type in _context.Cluster.Catalog.Types.Where(t => t != BuiltInResources.Events)) Watch(type);
    }

    private void Watch(ResourceType type)
    {
        lock (_gate)
        {
            if (_watched.ContainsKey(type.GroupResource)) return;
            var informer = _context.Informers.Any(type);
            informer.AddObjectIndex(ByOwner, o => o.OwnerUids);
            informer.AddObjectIndex(ByUid, o => [o.Uid]);
            informer.AddObjectHandler(new InformerHandler<StoredObject>
            {
                Added = o => Consider(o.Object, null),
                Updated = (before, now) => Consider(now.Object, before.Object),
                Deleted = o =>
                {
                    _queue.Add(GarbageWork.ForOwner(o.Object.Uid));
                    foreach (var owner in o.Object.OwnerUids) _queue.Add(GarbageWork.ForOwner(owner));
                },
            });
            _watched[type.GroupResource] = informer;
        }
    }

    private void Consider(StoredObject now, StoredObject? before)
    {
        if (now.IsTerminating && HasCollectorFinalizer(now)) _queue.Add(GarbageWork.ForOwner(now.Uid));
        if (now.OwnerUids.Count == 0) return;
        if (before is null || !before.OwnerUids.SequenceEqual(now.OwnerUids)) _queue.Add(GarbageWork.ForDependent(now.Type, now.Key));
    }

    private async Task ProcessAsync(GarbageWork work, CancellationToken cancellationToken)
    {
        if (work.OwnerUid is { } uid) await ProcessOwnerAsync(uid, cancellationToken).ConfigureAwait(false);
        else await ProcessDependentAsync(work.Type!, work.Key, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessOwnerAsync(string uid, CancellationToken cancellationToken)
    {
        var owner = Find(ByUid, uid).FirstOrDefault();
        var dependents = Find(ByOwner, uid);
        if (owner is null)
        {
            foreach (var dependent in dependents) _queue.Add(GarbageWork.ForDependent(dependent.Type, dependent.Key));
            return;
        }

        if (!owner.IsTerminating) return;
        var finalizers = FinalizersOf(owner);
        if (finalizers.Contains(OrphanFinalizer))
        {
            foreach (var dependent in dependents) await RemoveOwnerReferencesAsync(dependent, [uid], cancellationToken).ConfigureAwait(false);
            await RemoveFinalizerAsync(owner, OrphanFinalizer, cancellationToken).ConfigureAwait(false);
        }
        else if (finalizers.Contains(ForegroundFinalizer))
        {
            if (dependents.Count == 0)
            {
                await RemoveFinalizerAsync(owner, ForegroundFinalizer, cancellationToken).ConfigureAwait(false);
                return;
            }

            foreach (var dependent in dependents.Where(d => !d.IsTerminating))
            {
                await _client.DeleteAsync(dependent.Type, dependent.Namespace, dependent.Name, cancellationToken,
                    new DeleteRequest(DeletionPropagation.Foreground, ExpectedUid: dependent.Uid)).ConfigureAwait(false);
            }

            _queue.AddAfter(GarbageWork.ForOwner(uid), ForegroundRecheck);
        }
    }

    /// <summary>Deletes a dependent all of whose owners are gone; drops references to gone owners when others remain.</summary>
    private async Task ProcessDependentAsync(ResourceType type, ObjectKey key, CancellationToken cancellationToken)
    {
        var informer = _context.Informers.Any(type);
        if (informer.GetObject(key) is not { } dependent) return;
        var references = dependent.ToJsonObject()["metadata"]?["ownerReferences"] as JsonArray ?? [];
        var gone = new List<string>();
        var alive = 0;
        foreach (var reference in references.OfType<JsonObject>())
        {
            var uid = (string?)reference["uid"] ?? "";
            if (await OwnerExistsAsync(reference, dependent, cancellationToken).ConfigureAwait(false)) alive++;
            else gone.Add(uid);
        }

        if (gone.Count == 0) return;
        if (alive == 0)
        {
            if (dependent.IsTerminating) return;
            await _client.DeleteAsync(type, dependent.Namespace, dependent.Name, cancellationToken,
                new DeleteRequest(ExpectedUid: dependent.Uid)).ConfigureAwait(false);
            return;
        }

        await RemoveOwnerReferencesAsync(dependent, gone, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> OwnerExistsAsync(JsonObject reference, StoredObject dependent, CancellationToken cancellationToken)
    {
        var uid = (string?)reference["uid"];
        if (Find(ByUid, uid ?? "").Count > 0) return true;
        var type = _context.Cluster.Catalog.FindByKind((string?)reference["apiVersion"] ?? "", (string?)reference["kind"] ?? "");
        if (type is null) return false;
        // The cache may not have seen a new owner yet: ask the API server before deleting anything.
        var owner = await _client.FindAsync(type, type.Namespaced ? dependent.Namespace : null, (string?)reference["name"] ?? "", cancellationToken).ConfigureAwait(false);
        return owner?.Uid == uid;
    }

    private List<StoredObject> Find(string index, string value)
    {
        Informer[] informers;
        lock (_gate) informers = [.. _watched.Values];
        return [.. informers.SelectMany(i => i.ObjectsByIndex(index, value))];
    }

    private Task RemoveOwnerReferencesAsync(StoredObject dependent, IReadOnlyCollection<string> ownerUids, CancellationToken cancellationToken) =>
        _client.UpdateAsync(dependent, body =>
        {
            if (body["metadata"]?["ownerReferences"] is not JsonArray references) return false;
            var doomed = references.OfType<JsonObject>().Where(r => ownerUids.Contains((string?)r["uid"] ?? "")).ToList();
            foreach (var reference in doomed) references.Remove(reference);
            if (references.Count == 0) body["metadata"]!.AsObject().Remove("ownerReferences");
            return doomed.Count > 0;
        }, cancellationToken);

    private Task RemoveFinalizerAsync(StoredObject owner, string finalizer, CancellationToken cancellationToken) =>
        _client.UpdateAsync(owner, body =>
        {
            if (body["metadata"]?["finalizers"] is not JsonArray finalizers) return false;
            var found = finalizers.FirstOrDefault(f => (string?)f == finalizer);
            if (found is null) return false;
            finalizers.Remove(found);
            if (finalizers.Count == 0) body["metadata"]!.AsObject().Remove("finalizers");
            return true;
        }, cancellationToken);

    private static bool HasCollectorFinalizer(StoredObject obj)
    {
        var finalizers = FinalizersOf(obj);
        return finalizers.Contains(OrphanFinalizer) || finalizers.Contains(ForegroundFinalizer);
    }

    private static List<string> FinalizersOf(StoredObject obj) =>
        (obj.ToJsonObject()["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).OfType<string>().ToList() ?? [];

    /// <summary>One piece of collector work: a dependent to check, or an owner (by uid) whose dependents or finalizers need handling.</summary>
    private sealed record GarbageWork(ResourceType? Type, ObjectKey Key, string? OwnerUid)
    {
        public static GarbageWork ForDependent(ResourceType type, ObjectKey key) => new(type, key, null);

        public static GarbageWork ForOwner(string uid) => new(null, default, uid);
    }
}
