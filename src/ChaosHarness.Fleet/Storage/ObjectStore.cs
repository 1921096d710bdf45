using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// One cluster's etcd: every object of every kind, one increasing resource version for the whole cluster,
/// and a bounded history of changes from which watches resume. Writes are atomic and ordered; reads see committed state.
/// </summary>
public sealed class ObjectStore
{
    public const int DefaultHistoryCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<ObjectKey, StoredObject>> _tables = new(StringComparer.Ordinal);

    /// <summary>The current objects again, by key, written under the lock but read without it: point reads never queue behind writes.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ObjectKey, StoredObject>> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WatchSubscription>> _watchers = new(StringComparer.Ordinal);
    private readonly ObjectChange?[] _history;
    private long _resourceVersion;
    private int _historyCount;
    private TaskCompletionSource? _nextCommit;

    public ObjectStore(int historyCapacity = DefaultHistoryCapacity, long initialResourceVersion = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historyCapacity, 1);
        _history = new ObjectChange?[historyCapacity];
        _resourceVersion = initialResourceVersion;
    }

    /// <summary>The resource version of the last committed write.</summary>
    public long ResourceVersion
    {
        get { lock (_gate) return _resourceVersion; }
    }

    /// <summary>Completes at the next committed write: a waiter for a state sleeps until the state can have changed.</summary>
    public Task NextCommitAsync()
    {
        lock (_gate)
        {
            _nextCommit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _nextCommit.Task;
        }
    }

    /// <summary>The oldest resource version a watch can still resume from.</summary>
    public long OldestResumableVersion
    {
        get { lock (_gate) return _resourceVersion - _historyCount; }
    }

    /// <summary>How many watches are open, across kinds: what a leak of abandoned watches would show.</summary>
    internal int OpenWatches
    {
        get { lock (_gate) return _watchers.Values.Sum(w => w.Count); }
    }

    public int Count(ResourceType type)
    {
        lock (_gate) return _tables.TryGetValue(type.GroupResource, out var table) ? table.Count : 0;
    }

    public StoredObject? Get(ResourceType type, ObjectKey key) =>
        _current.TryGetValue(type.GroupResource, out var table) && table.TryGetValue(key, out var obj) ? obj : null;

    /// <summary>A consistent snapshot of one kind, in key order, with the resource version it was taken at.</summary>
    public StoreSnapshot List(ResourceType type, string? ns = null, Func<StoredObject, bool>? filter = null)
    {
        lock (_gate)
        {
            var items = new List<StoredObject>();
            if (_tables.TryGetValue(type.GroupResource, out var table))
            {
                foreach (var obj in table.Values)
                {
                    if ((ns is null || obj.Namespace == ns) && (filter is null || filter(obj))) items.Add(obj);
                }
            }

            return new StoreSnapshot(items, _resourceVersion);
        }
    }

    public StoredObject Create(ResourceType type, JsonObject body)
    {
        var draft = StoredObject.Prepare(type, body);
        lock (_gate)
        {
            var key = draft.Key;
            var table = TableOf(type);
            if (table.ContainsKey(key)) throw ApiException.AlreadyExists(type, key.Name);
            var stored = draft.Stamp(++_resourceVersion);
            table.Add(key, stored);
            CurrentOf(type)[key] = stored;
            Commit(new ObjectChange(WatchEventType.Added, stored, null));
            return stored;
        }
    }

    /// <summary>Replaces an object. With <paramref name="expectedResourceVersion"/>, refuses with 409 Conflict if it has moved on.</summary>
    public StoredObject Update(ResourceType type, JsonObject body, long? expectedResourceVersion)
    {
        var draft = StoredObject.Prepare(type, body);
        lock (_gate)
        {
            var key = draft.Key;
            var table = TableOf(type);
            if (!table.TryGetValue(key, out var current)) throw ApiException.NotFound(type, key.Name);
            if (expectedResourceVersion is { } expected && expected != current.ResourceVersion) throw ApiException.Conflict(type, key.Name);
            var stored = draft.Stamp(++_resourceVersion);
            table[key] = stored;
            CurrentOf(type)[key] = stored;
            Commit(new ObjectChange(WatchEventType.Modified, stored, current));
            return stored;
        }
    }

    /// <summary>Removes an object for good. Preconditions on resource version and uid give 409 Conflict when they fail.</summary>
    public StoredObject Delete(ResourceType type, ObjectKey key, long? expectedResourceVersion = null, string? expectedUid = null)
    {
        while (true)
        {
            StoredObject current;
            lock (_gate)
            {
                if (!TableOf(type).TryGetValue(key, out current!)) throw ApiException.NotFound(type, key.Name);
                if ((expectedResourceVersion is { } rv && rv != current.ResourceVersion) || (expectedUid is not null && expectedUid != current.Uid))
                {
                    throw ApiException.Conflict(type, key.Name);
                }
            }

            // The last version is prepared outside the lock; if the object moved on meanwhile, look again.
            var draft = StoredObject.Prepare(type, current.ToJsonObject());
            lock (_gate)
            {
                var table = TableOf(type);
                if (!table.TryGetValue(key, out var now) || !ReferenceEquals(now, current)) continue;
                table.Remove(key);
                CurrentOf(type).TryRemove(key, out _);
                var last = draft.Stamp(++_resourceVersion);
                Commit(new ObjectChange(WatchEventType.Deleted, last, current));
                return last;
            }
        }
    }

    /// <summary>
    /// Starts a watch. From a resource version, replays every matching change after it (410 Expired when the history no
    /// longer reaches back that far); without one, starts with an ADDED event for every matching object.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, string? ns, long? fromResourceVersion, Func<StoredObject, bool>? filter = null)
    {
        lock (_gate)
        {
            var subscription = new WatchSubscription(type, ns, filter ?? (_ => true), Unsubscribe);
            if (fromResourceVersion is { } from and > 0)
            {
                var oldest = _resourceVersion - _historyCount;
                if (from < oldest) throw ApiException.Expired($"too old resource version: {from} ({oldest})");
                for (var rv = Math.Max(from, oldest) + 1; rv <= _resourceVersion; rv++)
                {
                    var change = _history[rv % _history.Length]!;
                    if (change.Object.Type.GroupResource == type.GroupResource) subscription.Offer(change);
                }
            }
            else if (_tables.TryGetValue(type.GroupResource, out var table))
            {
                foreach (var obj in table.Values)
                {
                    if (subscription.Selects(obj)) subscription.Deliver(new WatchEvent(WatchEventType.Added, obj));
                }
            }

            WatchersOf(type).Add(subscription);
            return subscription;
        }
    }

    /// <summary>Ends every open watch, as when the API server process stops.</summary>
    public void CloseAllWatches(Exception? error = null)
    {
        lock (_gate)
        {
            foreach (var subscription in _watchers.Values.SelectMany(w => w).ToList()) subscription.Close(error);
            _watchers.Clear();
        }
    }

    private void Commit(ObjectChange change)
    {
        _history[change.ResourceVersion % _history.Length] = change;
        if (_historyCount < _history.Length) _historyCount++;
        if (_nextCommit is { } next)
        {
            _nextCommit = null;
            next.SetResult();
        }

        if (_watchers.TryGetValue(change.Object.Type.GroupResource, out var watchers))
        {
            foreach (var watcher in watchers) watcher.Offer(change);
        }
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (_watchers.TryGetValue(subscription.Type.GroupResource, out var list)) list.Remove(subscription);
        }
    }

    private ConcurrentDictionary<ObjectKey, StoredObject> CurrentOf(ResourceType type) => _current.GetOrAdd(type.GroupResource, _ => new());

    private SortedDictionary<ObjectKey, StoredObject> TableOf(ResourceType type)
    {
        if (!_tables.TryGetValue(type.GroupResource, out var table))
        {
            table = [];
            _tables.Add(type.GroupResource, table);
        }

        return table;
    }

    private List<WatchSubscription> WatchersOf(ResourceType type)
    {
        if (!_watchers.TryGetValue(type.GroupResource, out var list))
        {
            list = [];
            _watchers.Add(type.GroupResource, list);
        }

        return list;
    }
}
