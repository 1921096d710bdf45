using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Observation;

/// <summary>
/// The fleet as the watchers last saw it: the latest version of every watched object. Every change is told to
/// the timeline (when it matters to the story) and wakes whoever waits on <see cref="Signal"/>.
/// </summary>
public sealed class ObservedState(Timeline timeline)
{
    private readonly ConcurrentDictionary<(string Cluster, string Kind, string? Namespace, string Name), ObservedObject> _objects = new();
    private readonly ConcurrentDictionary<(string Cluster, string Kind), bool> _synced = new();
    private readonly ConcurrentDictionary<(string Cluster, string Kind, string? Namespace, string Name), bool> _deleted = new();

    public ChangeSignal Signal { get; } = new();

    /// <summary>Raised for every change, in order, on the watcher's thread. Handlers must be quick and must not throw.</summary>
    public event Action<ObservedChange>? Changed;

    public Timeline Timeline { get; } = timeline;

    public void Apply(string cluster, ResourceKind kind, WatchEventType type, JsonObject body)
    {
        var name = body.Str("metadata.name");
        if (name is null)
        {
            return;
        }

        var ns = kind.Namespaced ? body.Str("metadata.namespace") : null;
        var key = (cluster, kind.Kind, ns, name);
        var objectRef = new ObjectRef(cluster, kind, ns, name);
        _objects.TryGetValue(key, out var before);
        ObservedObject? after = null;
        if (type == WatchEventType.Deleted)
        {
            _objects.TryRemove(key, out _);
            _deleted[key] = true;
        }
        else
        {
            _deleted.TryRemove(key, out _);
            after = new ObservedObject(objectRef, body, Timeline.Clock.GetUtcNow());
            _objects[key] = after;
        }

        var at = after?.ObservedAt ?? Timeline.Clock.GetUtcNow();
        Changed?.Invoke(new ObservedChange(objectRef, before?.Body, after?.Body, at));
        var change = ObjectSummary.Describe(kind, before?.Body, after?.Body);
        if (change is not null && (before is not null || IsSynced(cluster, kind)))
        {
            Timeline.Record(TimelineEventKind.Observed, cluster, objectRef.Display, change, at);
        }

        Signal.Notify();
    }

    /// <summary>
    /// Replaces every object of a kind in a cluster — or, for a list of one namespace, in that namespace only — with a
    /// fresh list (after a relist), telling what changed. A fleet with a namespace allow-list watches a namespaced kind
    /// once per namespace: one namespace's list must not delete the others' objects.
    /// </summary>
    public void Replace(string cluster, ResourceKind kind, IReadOnlyList<JsonObject> items, string? @namespace = null)
    {
        var seen = new HashSet<(string?, string)>();
        foreach (var item in items)
        {
            var name = item.Str("metadata.name");
            if (name is null)
            {
                continue;
            }

            var ns = kind.Namespaced ? item.Str("metadata.namespace") : null;
            seen.Add((ns, name));
            var known = _objects.TryGetValue((cluster, kind.Kind, ns, name), out var existing);
            if (!known || existing!.ResourceVersion != item.Str("metadata.resourceVersion"))
            {
                Apply(cluster, kind, known ? WatchEventType.Modified : WatchEventType.Added, item);
            }
        }

        foreach (var gone in _objects.Keys.Where(k => k.Cluster == cluster && k.Kind == kind.Kind && (@namespace is null || k.Namespace == @namespace) && !seen.Contains((k.Namespace, k.Name))).ToList())
        {
            if (_objects.TryGetValue(gone, out var obj))
            {
                Apply(cluster, kind, WatchEventType.Deleted, obj.Body);
            }
        }

        MarkSynced(cluster, kind);
    }

    public void MarkSynced(string cluster, ResourceKind kind)
    {
        _synced[(cluster, kind.Kind)] = true;
        Signal.Notify();
    }

    public bool IsSynced(string cluster, ResourceKind kind) => _synced.ContainsKey((cluster, kind.Kind));

    /// <summary>Waits until the object is seen at <paramref name="resourceVersion"/> or later, or gone; false on timeout.</summary>
    public async Task<bool> WaitForVersionAsync(ObjectRef objectRef, string resourceVersion, DateTimeOffset until, CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = Signal.Version;
            var current = Get(objectRef);
            if (current is null ? IsSynced(objectRef.Cluster, objectRef.Kind) && _deleted.ContainsKey(Key(objectRef)) : ResourceVersions.IsAtLeast(current.ResourceVersion, resourceVersion))
            {
                return true;
            }

            var left = until - Timeline.Clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Signal.WaitPastAsync(version, wake.Token), Task.Delay(left, Timeline.Clock, wake.Token)).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public ObservedObject? Get(ObjectRef objectRef)
        => _objects.TryGetValue((objectRef.Cluster, objectRef.Kind.Kind, objectRef.Namespace, objectRef.Name), out var obj) ? obj : null;

    private static (string, string, string?, string) Key(ObjectRef o) => (o.Cluster, o.Kind.Kind, o.Namespace, o.Name);

    public IReadOnlyList<ObservedObject> All(ResourceKind kind, string? cluster = null, string? @namespace = null)
        => _objects
            .Where(p => p.Key.Kind == kind.Kind && (cluster is null || p.Key.Cluster == cluster) && (@namespace is null || p.Key.Namespace == @namespace))
            .Select(p => p.Value)
            .OrderBy(o => o.Ref.Cluster, StringComparer.Ordinal).ThenBy(o => o.Ref.Namespace, StringComparer.Ordinal).ThenBy(o => o.Ref.Name, StringComparer.Ordinal)
            .ToList();
}
