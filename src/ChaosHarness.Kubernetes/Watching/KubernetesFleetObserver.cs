using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Watching;

/// <summary>
/// Watches kinds across every cluster of the fleet into one <see cref="ObservedState"/> (so one timeline per experiment).
/// For a fleet with a namespace allow-list, namespaced kinds are watched only in the allowed namespaces.
/// </summary>
public sealed class KubernetesFleetObserver(KubernetesFleet fleet, ObservedState state, WatcherOptions? options = null) : IFleetObserver
{
    private readonly Lock _gate = new();
    private readonly List<ResourceWatcher> _watchers = [];
    private readonly HashSet<string> _watchedKinds = [];

    public IReadOnlyList<ResourceWatcher> Watchers
    {
        get
        {
            lock (_gate)
            {
                return _watchers.ToList();
            }
        }
    }

    public async ValueTask WatchAsync(IReadOnlyList<ResourceKind> kinds, CancellationToken cancellationToken)
    {
        var relevant = new List<ResourceWatcher>();
        lock (_gate)
        {
            foreach (var kind in kinds)
            {
                if (_watchedKinds.Add(kind.Kind))
                {
                    foreach (var cluster in fleet.Fleet.Clusters)
                    {
                        var namespaces = kind.Namespaced && !fleet.Fleet.AllowList.AllowsAllNamespaces
                            ? fleet.Fleet.AllowList.AllowedNamespaces.Cast<string?>()
                            : [null];
                        foreach (var ns in namespaces)
                        {
                            var watcher = new ResourceWatcher(fleet.Connect(cluster.Name), kind, ns, state, fleet.Fleet.Clock, options);
                            _watchers.Add(watcher);
                            watcher.Start();
                        }
                    }
                }

                relevant.AddRange(_watchers.Where(w => w.Kind.Kind == kind.Kind));
            }
        }

        await WaitSyncedAsync(relevant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the watchers' initial lists — except in clusters this run took away, whose watches sync when they come
    /// back: expectations about the rest of the fleet go on meanwhile. Looks again whenever a cluster is lost or back.
    /// </summary>
    private async Task WaitSyncedAsync(IReadOnlyList<ResourceWatcher> watchers, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChanged(string cluster) => changed.TrySetResult();
            fleet.Reachability.Changed += OnChanged;
            try
            {
                var synced = Task.WhenAll(watchers.Where(w => !fleet.Reachability.IsLost(w.Cluster)).Select(w => w.Synced));
                if (await Task.WhenAny(synced, changed.Task).WaitAsync(cancellationToken).ConfigureAwait(false) == synced)
                {
                    await synced.ConfigureAwait(false);
                    return;
                }
            }
            finally
            {
                fleet.Reachability.Changed -= OnChanged;
            }
        }
    }

    public async ValueTask CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watched = Watchers.Select(w => (w.Cluster, w.Kind.Kind, w.Namespace)).ToHashSet();
        var until = fleet.Fleet.Clock.GetUtcNow() + timeout;
        foreach (var (written, version) in fleet.Writes.Latest)
        {
            if (fleet.Reachability.IsLost(written.Cluster) || (!watched.Contains((written.Cluster, written.Kind.Kind, null)) && !watched.Contains((written.Cluster, written.Kind.Kind, written.Namespace))))
            {
                continue;
            }

            if (!await state.WaitForVersionAsync(written, version, until, cancellationToken).ConfigureAwait(false))
            {
                state.Timeline.Record(TimelineEventKind.Harness, written.Cluster, written.Display, $"the watch has not shown resource version {version} within {timeout.TotalSeconds:0.#}s");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in Watchers)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }
    }
}
