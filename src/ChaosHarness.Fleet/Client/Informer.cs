using System.Collections.Concurrent;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Client;

/// <summary>A cache of one kind in one cluster, kept by list and watch, at the level of stored objects.</summary>
public abstract class Informer
{
    public abstract ResourceType Type { get; }

    /// <summary>Completes once the first list is in the cache.</summary>
    public abstract Task Synced { get; }

    public abstract StoredObject? GetObject(ObjectKey key);

    public abstract IReadOnlyList<StoredObject> Objects();

    public abstract void AddObjectHandler(InformerHandler<StoredObject> handler);

    /// <summary>Adds an index computed from the stored object alone.</summary>
    public abstract void AddObjectIndex(string name, Func<StoredObject, IEnumerable<string>> valuesOf);

    public abstract IReadOnlyList<StoredObject> ObjectsByIndex(string index, string value);

    internal abstract Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One kind's objects in one cluster as controllers see them: listed, then watched from the list's resource version, each
/// version turned once into a typed model (<typeparamref name="T"/>). Handlers hear every change in order; indexes answer
/// "which pods are on node X" without scanning. Read from any thread; one loop writes.
/// </summary>
public sealed class Informer<T> : Informer where T : class
{
    private static readonly TimeSpan RelistDelay = TimeSpan.FromSeconds(1);

    private readonly ClusterApi _api;
    private readonly ApiCaller _caller;
    private readonly TimeProvider _clock;
    private readonly Func<StoredObject, T> _project;
    private readonly ConcurrentDictionary<ObjectKey, Cached<T>> _items = new();
    private readonly Lock _dispatch = new();
    private Dictionary<string, InformerIndex<T>> _indexes = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InformerHandler<T>[] _handlers = [];

    /// <param name="caller">Whom the informer lists and watches as, under flow control like any client.</param>
    internal Informer(ResourceType type, ClusterApi api, ApiCaller caller, TimeProvider clock, Func<StoredObject, T> project)
    {
        Type = type;
        _api = api;
        _caller = caller;
        _clock = clock;
        _project = project;
    }

    public override ResourceType Type { get; }

    public override Task Synced => _synced.Task;

    public int Count => _items.Count;

    public Cached<T>? Get(ObjectKey key) => _items.GetValueOrDefault(key);

    public Cached<T>? Get(string? ns, string name) => Get(new ObjectKey(ns, name));

    public IReadOnlyList<Cached<T>> List() => [.. _items.Values];

    public IReadOnlyList<Cached<T>> List(string? ns) => ns is null ? List() : [.. _items.Values.Where(c => c.Namespace == ns)];

    /// <summary>Everything whose index <paramref name="index"/> yields <paramref name="value"/>.</summary>
    public IReadOnlyList<Cached<T>> ByIndex(string index, string value)
    {
        var keys = Volatile.Read(ref _indexes)[index].Keys(value);
        var result = new List<Cached<T>>(keys.Count);
        foreach (var key in keys)
        {
            if (_items.TryGetValue(key, out var item)) result.Add(item);
        }

        return result;
    }

    /// <summary>Adds an index over the cache: <paramref name="valuesOf"/> names the values an object is found under.</summary>
    public void AddIndex(string name, Func<Cached<T>, IEnumerable<string>> valuesOf)
    {
        lock (_dispatch)
        {
            if (_indexes.ContainsKey(name)) return;
            var index = new InformerIndex<T>(valuesOf);
            foreach (var item in _items.Values) index.Update(null, item);
            Volatile.Write(ref _indexes, new Dictionary<string, InformerIndex<T>>(_indexes, StringComparer.Ordinal) { [name] = index });
        }
    }

    /// <summary>Adds a handler; it first hears an <see cref="InformerHandler{T}.Added"/> for everything already cached.</summary>
    public void AddHandler(InformerHandler<T> handler)
    {
        lock (_dispatch)
        {
            _handlers = [.. _handlers, handler];
            if (handler.Added is { } added)
            {
                foreach (var item in _items.Values) added(item);
            }
        }
    }

    public override StoredObject? GetObject(ObjectKey key) => Get(key)?.Object;

    public override IReadOnlyList<StoredObject> Objects() => [.. _items.Values.Select(c => c.Object)];

    public override void AddObjectIndex(string name, Func<StoredObject, IEnumerable<string>> valuesOf) => AddIndex(name, c => valuesOf(c.Object));

    public override IReadOnlyList<StoredObject> ObjectsByIndex(string index, string value) => [.. ByIndex(index, value).Select(c => c.Object)];

    public override void AddObjectHandler(InformerHandler<StoredObject> handler) => AddHandler(new InformerHandler<T>
    {
        Added = handler.Added is { } added ? c => added(new Cached<StoredObject>(c.Object, c.Object)) : null,
        Updated = handler.Updated is { } updated
            ? (before, now) => updated(new Cached<StoredObject>(before.Object, before.Object), new Cached<StoredObject>(now.Object, now.Object))
            : null,
        Deleted = handler.Deleted is { } deleted ? c => deleted(new Cached<StoredObject>(c.Object, c.Object)) : null,
    });

    internal override async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            WatchSubscription watch;
            try
            {
                var page = _api.List(_caller, Type, new ListRequest());
                Relist(page.Items);
                _synced.TrySetResult();
                watch = _api.Watch(_caller, Type, null, page.ResourceVersion);
            }
            catch (ApiException)
            {
                await Task.Delay(RelistDelay, _clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (watch)
            {
                try
                {
                    await foreach (var change in watch.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false)) Apply(change);
                }
                catch (ApiException)
                {
                    // The watch broke (for example, its history expired): list again.
                }
            }

            if (!cancellationToken.IsCancellationRequested) await Task.Delay(RelistDelay, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Apply(WatchEvent change)
    {
        var key = change.Object.Key;
        lock (_dispatch)
        {
            var previous = _items.GetValueOrDefault(key);
            if (change.Type == WatchEventType.Deleted)
            {
                if (previous is null) return;
                _items.TryRemove(key, out _);
                foreach (var index in _indexes.Values) index.Update(previous, null);
                var last = new Cached<T>(change.Object, previous.Model);
                foreach (var handler in _handlers) handler.Deleted?.Invoke(last);
                return;
            }

            if (previous is not null && previous.Object.ResourceVersion >= change.Object.ResourceVersion) return;
            Store(previous, new Cached<T>(change.Object, _project(change.Object)));
        }
    }

    /// <summary>Replaces the cache with a fresh list, telling handlers what changed meanwhile.</summary>
    private void Relist(IReadOnlyList<StoredObject> items)
    {
        lock (_dispatch)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var obj in items)
            {
                seen.Add(obj.Key);
                var previous = _items.GetValueOrDefault(obj.Key);
                if (previous is not null && previous.Object.ResourceVersion == obj.ResourceVersion) continue;
                Store(previous, new Cached<T>(obj, _project(obj)));
            }

            foreach (var gone in _items.Values.Where(c => !seen.Contains(c.Key)).ToList())
            {
                _items.TryRemove(gone.Key, out _);
                foreach (var index in _indexes.Values) index.Update(gone, null);
                foreach (var handler in _handlers) handler.Deleted?.Invoke(gone);
            }
        }
    }

    private void Store(Cached<T>? previous, Cached<T> now)
    {
        _items[now.Key] = now;
        foreach (var index in _indexes.Values) index.Update(previous, now);
        foreach (var handler in _handlers)
        {
            if (previous is null) handler.Added?.Invoke(now);
            else handler.Updated?.Invoke(previous, now);
        }
    }
}
