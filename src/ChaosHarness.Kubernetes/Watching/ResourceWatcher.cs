using System.Text.Json;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Watching;

/// <summary>
/// Keeps one kind of one cluster current in the <see cref="ObservedState"/>: list once, then watch from the list's
/// resource version; after a 410 Expired, list again; after a dropped stream, resume from the last version seen.
/// One list per kind plus one open watch — no polling.
/// </summary>
public sealed class ResourceWatcher : IAsyncDisposable
{
    private readonly ClusterConnection _cluster;
    private readonly string? _namespace;
    private readonly ObservedState _state;
    private readonly TimeProvider _clock;
    private readonly WatcherOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lastFailure;
    private Task? _loop;
    private int _relists;
    private int _reconnects;

    public ResourceWatcher(ClusterConnection cluster, ResourceKind kind, string? @namespace, ObservedState state, TimeProvider clock, WatcherOptions? options = null)
    {
        _cluster = cluster;
        Kind = kind;
        _namespace = @namespace;
        _state = state;
        _clock = clock;
        _options = options ?? new WatcherOptions();
    }

    public ResourceKind Kind { get; }

    public string Cluster => _cluster.Target.Name;

    /// <summary>The namespace watched, or null for all.</summary>
    public string? Namespace => _namespace;

    /// <summary>
    /// Completes once a list is in the state. Before the first succeeds, it faults with the reason the cluster could not
    /// be reached (so nothing hangs on a dead cluster), and is pending again while a new attempt is under way.
    /// </summary>
    public Task Synced => Volatile.Read(ref _synced).Task;

    /// <summary>Lists after the first: one per 410 Expired.</summary>
    public int Relists => Volatile.Read(ref _relists);

    /// <summary>Watches resumed after a dropped stream or a failure.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The resource version the watcher would resume from.</summary>
    public string? ResourceVersion { get; private set; }

    public bool KindServed { get; private set; } = true;

    public void Start()
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The watcher is already running.");
        }

        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    private string Subject => $"watch {Kind.Plural}{(_namespace is null ? "" : $" in {_namespace}")}";

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (ResourceVersion is null)
                {
                    if (Synced.IsFaulted)
                    {
                        // Whoever asks from now on waits for this attempt rather than the last failure.
                        Volatile.Write(ref _synced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }

                    await ListAsync(stop).ConfigureAwait(false);
                }

                var expired = await WatchAsync(stop).ConfigureAwait(false);
                failures = 0;
                _lastFailure = null;
                if (expired)
                {
                    Interlocked.Increment(ref _relists);
                    _state.Timeline.Record(TimelineEventKind.Harness, Cluster, Subject, $"resource version {ResourceVersion} expired (410): relisting");
                    ResourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesApiException e) when (e.IsNotFound && Kind.Group.Length > 0 && ResourceVersion is null)
            {
                KindServed = false;
                _state.Timeline.Record(TimelineEventKind.Harness, Cluster, Subject, $"{Kind.Kind} ({Kind.ApiVersion}) is not served by this cluster; looking again in {_options.MissingKindRetry.TotalSeconds:0}s");
                _state.MarkSynced(Cluster, Kind);
                _synced.TrySetResult();
                await DelayAsync(_options.MissingKindRetry, stop).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when ((int)e.StatusCode == 410)
            {
                Interlocked.Increment(ref _relists);
                _state.Timeline.Record(TimelineEventKind.Harness, Cluster, Subject, "resource version expired (410 on connect): relisting");
                ResourceVersion = null;
            }
            catch (Exception e) when (e is ClusterUnreachableException or ClusterAuthenticationException or HttpRequestException or IOException or JsonException or KubernetesApiException)
            {
                // A cluster the run took away itself is expected to be silent: whoever waits for this watch keeps waiting.
                if (!Synced.IsCompleted && e is ClusterUnreachableException { LostByFault: false } or ClusterAuthenticationException)
                {
                    _synced.TrySetException(e);
                }

                Interlocked.Increment(ref _reconnects);
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, _options.ReconnectDelay.Ticks << Math.Min(failures++, 16)));
                if (e.GetType().Name != _lastFailure)
                {
                    // A cluster that stays down says so once, not at every retry.
                    _state.Timeline.Record(TimelineEventKind.Harness, Cluster, Subject, $"watch dropped ({e.GetType().Name}: {e.Message}); resuming from {ResourceVersion ?? "a new list"}, retrying every {_options.MaxReconnectDelay.TotalSeconds:0.#}s at most");
                    _lastFailure = e.GetType().Name;
                }

                await DelayAsync(delay, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task ListAsync(CancellationToken stop)
    {
        var list = await _cluster.Rest.ListAsync(Kind, _namespace, null, stop).ConfigureAwait(false);
        _state.Replace(Cluster, Kind, list.Items, _namespace);
        ResourceVersion = list.ResourceVersion;
        KindServed = true;
        _synced.TrySetResult();
    }

    /// <summary>Follows one watch stream; true if it ended because the resource version expired.</summary>
    private async Task<bool> WatchAsync(CancellationToken stop)
    {
        await foreach (var e in _cluster.Rest.WatchAsync(Kind, _namespace, ResourceVersion!, _options.ServerTimeout, stop).ConfigureAwait(false))
        {
            switch (e.Type)
            {
                case "ADDED":
                    Apply(WatchEventType.Added, e);
                    break;
                case "MODIFIED":
                    Apply(WatchEventType.Modified, e);
                    break;
                case "DELETED":
                    Apply(WatchEventType.Deleted, e);
                    break;
                case "BOOKMARK":
                    ResourceVersion = e.Object.Str("metadata.resourceVersion") ?? ResourceVersion;
                    break;
                case "ERROR" when e.Object.Long("code") == 410 || e.Object.Str("reason") == "Expired":
                    return true;
                case "ERROR":
                    throw new KubernetesApiException(Cluster, "WATCH", Kind.CollectionPath(_namespace), (System.Net.HttpStatusCode)(e.Object.Long("code") ?? 500), e.Object.Str("reason"), e.Object.Str("message") ?? "watch error");
            }
        }

        return false;
    }

    private void Apply(WatchEventType type, RawWatchEvent e)
    {
        e.Object["kind"] ??= Kind.Kind;
        e.Object["apiVersion"] ??= Kind.ApiVersion;
        _state.Apply(Cluster, Kind, type, e.Object);
        ResourceVersion = e.Object.Str("metadata.resourceVersion") ?? ResourceVersion;
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _clock, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _synced.TrySetCanceled();
        _stop.Dispose();
    }
}
