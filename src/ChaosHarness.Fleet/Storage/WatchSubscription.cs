using System.Threading.Channels;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Storage;

/// <summary>
/// A live watch on one kind in the store: its events arrive, in resource-version order, on <see cref="Events"/>.
/// Disposing it ends the watch.
/// </summary>
public sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _events = Channel.CreateUnbounded<WatchEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Action<WatchSubscription> _unsubscribe;
    private int _disposed;

    internal WatchSubscription(ResourceType type, string? ns, Func<StoredObject, bool> filter, Action<WatchSubscription> unsubscribe)
    {
        Type = type;
        Namespace = ns;
        Filter = filter;
        _unsubscribe = unsubscribe;
    }

    public ResourceType Type { get; }
    public string? Namespace { get; }
    internal Func<StoredObject, bool> Filter { get; }

    public ChannelReader<WatchEvent> Events => _events.Reader;

    internal bool Selects(StoredObject obj) => (Namespace is null || obj.Namespace == Namespace) && Filter(obj);

    /// <summary>Turns a committed change into the event this watcher must see, if any.</summary>
    internal void Offer(ObjectChange change)
    {
        var now = Selects(change.Object);
        var before = change.Previous is not null && Selects(change.Previous);
        WatchEventType? type = change.Type switch
        {
            WatchEventType.Added => now ? WatchEventType.Added : null,
            WatchEventType.Deleted => now ? WatchEventType.Deleted : null,
            _ when now && before => WatchEventType.Modified,
            _ when now => WatchEventType.Added,
            _ when before => WatchEventType.Deleted,
            _ => null,
        };
        if (type is { } t) _events.Writer.TryWrite(new WatchEvent(t, change.Object));
    }

    internal void Deliver(WatchEvent watchEvent) => _events.Writer.TryWrite(watchEvent);

    /// <summary>Ends the stream from the server's side, for example when the API server stops.</summary>
    internal void Close(Exception? error = null) => _events.Writer.TryComplete(error);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
