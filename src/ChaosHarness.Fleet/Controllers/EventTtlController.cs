using System.Collections.Concurrent;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>
/// Events expire an hour after they were last written, as the API server's <c>--event-ttl</c> (1 h by default) makes etcd
/// drop them; without it a long run at fleet speed would keep every event ever recorded.
/// </summary>
public sealed class EventTtlController : IClusterController
{
    public static readonly TimeSpan EventTtl = TimeSpan.FromHours(1);
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private readonly ControllerContext _context;
    private readonly ConcurrentDictionary<ObjectKey, DateTimeOffset> _lastWritten = new();

    private readonly Informer _events;

    public EventTtlController(ControllerContext context)
    {
        _context = context;
        _events = context.Informers.Any(BuiltInResources.Events);
    }

    public string Name => "event-ttl";

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var events = _events;
        events.AddObjectHandler(new InformerHandler<StoredObject>
        {
            Added = e => _lastWritten[e.Key] = _context.Clock.GetUtcNow(),
            Updated = (_, e) => _lastWritten[e.Key] = _context.Clock.GetUtcNow(),
            Deleted = e => _lastWritten.TryRemove(e.Key, out _),
        });
        try
        {
            await events.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await Task.Delay(SweepPeriod, _context.Clock, cancellationToken).ConfigureAwait(false);
                var expired = _context.Clock.GetUtcNow() - EventTtl;
                foreach (var (key, written) in _lastWritten)
                {
                    if (written < expired && events.GetObject(key) is { } e) Expire(cluster, e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Expiry is the storage layer's doing, not a client's: it bypasses the API and its admission.</summary>
    private static void Expire(SimulatedCluster cluster, StoredObject e)
    {
        try
        {
            cluster.Store.Delete(BuiltInResources.Events, e.Key, e.ResourceVersion);
        }
        catch (Api.ApiException)
        {
            // Updated or deleted meanwhile: the next sweep looks again.
        }
    }
}
