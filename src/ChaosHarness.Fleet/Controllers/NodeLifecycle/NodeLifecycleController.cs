using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>
/// kube-controller-manager's node lifecycle controller with its real defaults: every 5 s it looks for nodes whose Lease and
/// status have not been renewed for 40 s (60 s after registration) and marks all their conditions Unknown ("Kubelet stopped
/// posting node status."), marks their pods not ready, and queues them for the NoExecute taint at their zone's eviction rate
/// (0.1 node/s; none while a large zone is partially disrupted or every zone is fully disrupted). NoSchedule taints follow the
/// node's conditions and <c>spec.unschedulable</c>. When a node reports again its taints go.
/// </summary>
public sealed class NodeLifecycleController : IClusterController
{
    public static readonly TimeSpan MonitorPeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MonitorGracePeriod = TimeSpan.FromSeconds(40);
    public static readonly TimeSpan StartupGracePeriod = TimeSpan.FromSeconds(60);
    public const double EvictionRate = 0.1;
    public const double SecondaryEvictionRate = 0.01;
    public const double UnhealthyZoneThreshold = 0.55;
    public const int LargeClusterThreshold = 50;
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string RegionLabel = "topology.kubernetes.io/region";

    private static readonly string[] MonitoredConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];
    private static readonly TimeSpan TaintingPassPeriod = TimeSpan.FromSeconds(1);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly Dictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneState> _zoneStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneTainter> _tainters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _retryNotReady = new(StringComparer.Ordinal);
    private readonly Lock _taintersGate = new();
    private readonly WorkQueue<string> _noScheduleTainting;

    public NodeLifecycleController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("node-controller");
        _events = new EventRecorder(_client, "node-controller");
        _noScheduleTainting = context.NewQueue<string>(Name);
    }

    public string Name => "node-lifecycle-controller";

    private TimeProvider Clock => _context.Clock;
    private SharedInformers Informers => _context.Informers;

    /// <summary>The state of each zone after the last pass, by zone key.</summary>
    public IReadOnlyDictionary<string, ZoneState> ZoneStates
    {
        get { lock (_taintersGate) return new Dictionary<string, ZoneState>(_zoneStates); }
    }

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Informers.Nodes.Synced, Informers.Leases.Synced, Informers.Pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        Informers.Nodes.AddHandler(InformerHandler<V1Node>.OnAnyChange(node => _noScheduleTainting.Add(node.Name)));
        try
        {
            await Task.WhenAll(
                MonitorAsync(cancellationToken),
                TaintingPassesAsync(cancellationToken),
                _noScheduleTainting.RunAsync(1, SyncNoScheduleTaintsAsync, cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _noScheduleTainting.Dispose();
        }
    }

    /// <summary>Passes on a fixed 5 s beat, so that slow passes do not stretch the grace period.</summary>
    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var next = Clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await MonitorNodeHealthAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _context.Cluster.ReportControllerFailure(Name, "monitor", e);
            }

            next += MonitorPeriod;
            var wait = next - Clock.GetUtcNow();
            if (wait < TimeSpan.Zero)
            {
                next = Clock.GetUtcNow();
                wait = TimeSpan.Zero;
            }

            await Task.Delay(wait, Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MonitorNodeHealthAsync(CancellationToken cancellationToken)
    {
        var nodes = Informers.Nodes.List();
        var zoneConditions = new Dictionary<string, List<V1NodeCondition?>>(StringComparer.Ordinal);
        var notReady = new List<StoredObject>();
        foreach (var gone in _health.Keys.Except(nodes.Select(n => n.Name)).ToList()) _health.Remove(gone);
        foreach (var cached in nodes)
        {
            var (observed, current, latest) = await TryUpdateNodeHealthAsync(cached, cancellationToken).ConfigureAwait(false);
            var latestModel = ReferenceEquals(latest, cached.Object) ? cached.Model : latest.ToModel<V1Node>();
            var zone = ZoneKeyOf(cached.Model);
            if (!zoneConditions.TryGetValue(zone, out var list)) zoneConditions[zone] = list = [];
            list.Add(current);
            if (current is null) continue;
            await ProcessTaintBasedEvictionAsync(latest, latestModel, observed, zone, cancellationToken).ConfigureAwait(false);
            if (current.Status != "True" && observed.Status == "True")
            {
                await _events.NormalAsync(latest, "NodeNotReady", $"Node {latest.Name} status is now: NodeNotReady", cancellationToken).ConfigureAwait(false);
                notReady.Add(latest);
            }
            else if (_retryNotReady.Contains(cached.Name) && observed.Status != "True")
            {
                notReady.Add(latest);
            }
            else
            {
                _retryNotReady.Remove(cached.Name);
            }
        }

        await Parallel.ForEachAsync(notReady, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (node, ct) =>
            {
                var failed = !await MarkPodsNotReadyAsync(node.Name, ct).ConfigureAwait(false);
                lock (_retryNotReady)
                {
                    if (failed) _retryNotReady.Add(node.Name);
                    else _retryNotReady.Remove(node.Name);
                }
            }).ConfigureAwait(false);
        await HandleDisruptionAsync(zoneConditions, nodes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Decides whether a node is silent for longer than its grace period and if so marks its conditions Unknown.
    /// Returns the Ready condition as observed before this pass, as it is now, and the node's latest version.
    /// </summary>
    private async Task<(V1NodeCondition Observed, V1NodeCondition? Current, StoredObject Latest)> TryUpdateNodeHealthAsync(
        Cached<V1Node> cached, CancellationToken cancellationToken)
    {
        var node = cached.Model;
        var now = Clock.GetUtcNow();
        var created = node.Metadata.CreationTimestamp ?? now.UtcDateTime;
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        var observed = ready ?? new V1NodeCondition { Type = "Ready", Status = "Unknown", LastHeartbeatTime = created, LastTransitionTime = created };
        var gracePeriod = ready is null ? StartupGracePeriod : MonitorGracePeriod;
        if (!_health.TryGetValue(node.Metadata.Name, out var health))
        {
            health = new NodeHealth
            {
                ProbeTimestamp = ready is null ? created.AsInstant() : now,
                ReadyTransitionTimestamp = ready is null ? created.AsInstant() : now,
            };
            _health[node.Metadata.Name] = health;
        }
        else if (health.SavedHasReady != (ready is not null) ||
                 (ready is not null && health.SavedHeartbeat != ready.LastHeartbeatTime))
        {
            if (ready is not null && health.SavedTransition != ready.LastTransitionTime) health.ReadyTransitionTimestamp = now;
            health.ProbeTimestamp = now;
        }

        health.SavedHasReady = ready is not null;
        health.SavedHeartbeat = ready?.LastHeartbeatTime;
        health.SavedTransition = ready?.LastTransitionTime;
        var lease = Informers.Leases.Get(Kubelet.Kubelet.NodeLeaseNamespace, node.Metadata.Name)?.Model;
        if (lease?.Spec?.RenewTime is { } renewed && (health.SavedLeaseRenewal is null || health.SavedLeaseRenewal < renewed))
        {
            health.SavedLeaseRenewal = renewed;
            health.ProbeTimestamp = now;
        }

        if (now <= health.ProbeTimestamp + gracePeriod || ready?.Status == "Unknown" && AllMonitoredUnknown(node))
        {
            return (observed, ready, cached.Object);
        }

        var stamp = Clock.Now();
        var written = await _client.UpdateStatusAsync<V1NodeStatus>(cached.Object, status =>
        {
            status.Conditions ??= [];
            var changed = false;
            foreach (var type in MonitoredConditions)
            {
                var condition = status.Conditions.FirstOrDefault(c => c.Type == type);
                if (condition is null)
                {
                    status.Conditions.Add(new V1NodeCondition
                    {
                        Type = type, Status = "Unknown", Reason = "NodeStatusNeverUpdated", Message = "Kubelet never posted node status.",
                        LastHeartbeatTime = created, LastTransitionTime = stamp,
                    });
                    changed = true;
                }
                else if (condition.Status != "Unknown")
                {
                    condition.Status = "Unknown";
                    condition.Reason = "NodeStatusUnknown";
                    condition.Message = "Kubelet stopped posting node status.";
                    condition.LastTransitionTime = stamp;
                    changed = true;
                }
            }

            return changed;
        }, cancellationToken).ConfigureAwait(false);
        if (written is null) return (observed, ready, cached.Object);
        health.ReadyTransitionTimestamp = now;
        var current = written.ToModel<V1Node>().Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        health.SavedHeartbeat = current?.LastHeartbeatTime;
        health.SavedTransition = current?.LastTransitionTime;
        health.SavedHasReady = current is not null;
        return (observed, current, written);
    }

    private static bool AllMonitoredUnknown(V1Node node) =>
        MonitoredConditions.All(type => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status == "Unknown");

    private async Task ProcessTaintBasedEvictionAsync(StoredObject nodeObject, V1Node node, V1NodeCondition observed, string zone,
        CancellationToken cancellationToken)
    {
        switch (observed.Status)
        {
            case "False" when NodeTaints.Has(node, NodeTaints.Unreachable, "NoExecute"):
                await NodeTaints.SwapAsync(_client, nodeObject, [(NodeTaints.NotReady, "NoExecute")], [(NodeTaints.Unreachable, "NoExecute")], cancellationToken).ConfigureAwait(false);
                break;
            case "Unknown" when NodeTaints.Has(node, NodeTaints.NotReady, "NoExecute"):
                await NodeTaints.SwapAsync(_client, nodeObject, [(NodeTaints.Unreachable, "NoExecute")], [(NodeTaints.NotReady, "NoExecute")], cancellationToken).ConfigureAwait(false);
                break;
            case "False":
            case "Unknown":
                lock (_taintersGate) TainterOf(zone).Add(node.Metadata.Name);
                break;
            case "True":
                await MarkNodeAsReachableAsync(nodeObject, node, zone, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task MarkNodeAsReachableAsync(StoredObject node, V1Node model, string zone, CancellationToken cancellationToken)
    {
        lock (_taintersGate) TainterOf(zone).Remove(node.Name);
        if (!NodeTaints.Has(model, NodeTaints.Unreachable, "NoExecute") && !NodeTaints.Has(model, NodeTaints.NotReady, "NoExecute")) return;
        await NodeTaints.SwapAsync(_client, node, [], [(NodeTaints.Unreachable, "NoExecute"), (NodeTaints.NotReady, "NoExecute")], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the Ready condition of every pod on the node to False, and records NodeNotReady on each.</summary>
    private async Task<bool> MarkPodsNotReadyAsync(string nodeName, CancellationToken cancellationToken)
    {
        var ok = true;
        foreach (var pod in Informers.Pods.ByIndex(SharedInformers.PodsByNode, nodeName))
        {
            if (PodFacts.ReadyCondition(pod.Model)?.Status is null or "False") continue;
            try
            {
                // Thousands of pods go at once when a zone is lost: edit the JSON in place rather than round-trip a model.
                var written = await _client.UpdateAsync(pod.Object, body =>
                {
                    var ready = (body["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
                    if (ready is null || (string?)ready["status"] == "False") return false;
                    ready["status"] = "False";
                    ready["lastTransitionTime"] = Api.KubernetesTime.Format(Clock.GetUtcNow());
                    return true;
                }, cancellationToken, "status").ConfigureAwait(false);
                if (written is not null) await _events.WarningAsync(written, "NodeNotReady", "Node is not ready", cancellationToken).ConfigureAwait(false);
            }
            catch (Api.ApiException)
            {
                ok = false;
            }
        }

        return ok;
    }

    private async Task HandleDisruptionAsync(Dictionary<string, List<V1NodeCondition?>> zoneConditions, IReadOnlyList<Cached<V1Node>> nodes,
        CancellationToken cancellationToken)
    {
        var newStates = new Dictionary<string, ZoneState>(StringComparer.Ordinal);
        var allAreFullyDisrupted = zoneConditions.Count > 0;
        foreach (var (zone, conditions) in zoneConditions)
        {
            var state = ComputeZoneState(conditions);
            newStates[zone] = state;
            if (state != ZoneState.FullDisruption) allAreFullyDisrupted = false;
        }

        bool allWereFullyDisrupted;
        lock (_taintersGate)
        {
            foreach (var zone in zoneConditions.Keys) _zoneStates.TryAdd(zone, ZoneState.Initial);
            foreach (var gone in _zoneStates.Keys.Except(zoneConditions.Keys).ToList()) _zoneStates.Remove(gone);
            allWereFullyDisrupted = _zoneStates.Count > 0 && _zoneStates.Values.All(s => s == ZoneState.FullDisruption);
        }

        if (allAreFullyDisrupted && allWereFullyDisrupted) return;
        if (allAreFullyDisrupted)
        {
            // Every node is lost: the control plane is more likely cut off than the whole cluster down, so evict nothing.
            foreach (var node in nodes) await MarkNodeAsReachableAsync(node.Object, node.Model, ZoneKeyOf(node.Model), cancellationToken).ConfigureAwait(false);
            lock (_taintersGate)
            {
                foreach (var zone in _zoneStates.Keys.ToList())
                {
                    TainterOf(zone).SwapLimiter(Clock, 0);
                    _zoneStates[zone] = ZoneState.FullDisruption;
                }
            }

            return;
        }

        if (allWereFullyDisrupted)
        {
            var now = Clock.GetUtcNow();
            foreach (var health in _health.Values)
            {
                health.ProbeTimestamp = now;
                health.ReadyTransitionTimestamp = now;
            }
        }

        lock (_taintersGate)
        {
            foreach (var zone in _zoneStates.Keys.ToList())
            {
                var state = newStates[zone];
                if (!allWereFullyDisrupted && _zoneStates[zone] == state) continue;
                TainterOf(zone).SwapLimiter(Clock, RateFor(state, zoneConditions[zone].Count));
                _zoneStates[zone] = state;
            }
        }
    }

    private static ZoneState ComputeZoneState(List<V1NodeCondition?> conditions)
    {
        var ready = conditions.Count(c => c?.Status == "True");
        var notReady = conditions.Count - ready;
        if (ready == 0 && notReady > 0) return ZoneState.FullDisruption;
        if (notReady > 2 && (double)notReady / (notReady + ready) >= UnhealthyZoneThreshold) return ZoneState.PartialDisruption;
        return ZoneState.Normal;
    }

    private static double RateFor(ZoneState state, int zoneSize) => state switch
    {
        ZoneState.PartialDisruption => zoneSize > LargeClusterThreshold ? SecondaryEvictionRate : 0,
        _ => EvictionRate,
    };

    private ZoneTainter TainterOf(string zone)
    {
        if (!_tainters.TryGetValue(zone, out var tainter))
        {
            _tainters[zone] = tainter = new ZoneTainter(new EvictionRateLimiter(Clock, EvictionRate));
        }

        return tainter;
    }

    /// <summary>Drains the zones' tainting queues at their rates: the NoExecute taint matching the node's Ready condition.</summary>
    private async Task TaintingPassesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = new List<string>();
            lock (_taintersGate)
            {
                foreach (var tainter in _tainters.Values)
                {
                    while (tainter.TryTake() is { } node) due.Add(node);
                }
            }

            foreach (var name in due)
            {
                try
                {
                    await TaintLostNodeAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (Api.ApiException e)
                {
                    _context.Cluster.ReportControllerFailure(Name, name, e);
                }
            }

            await Task.Delay(TaintingPassPeriod, Clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task TaintLostNodeAsync(string name, CancellationToken cancellationToken)
    {
        var node = Informers.Nodes.Get(null, name);
        var ready = node?.Model.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (node is null || ready is null) return;
        var (add, remove) = ready.Status switch
        {
            "False" => (NodeTaints.NotReady, NodeTaints.Unreachable),
            "Unknown" => (NodeTaints.Unreachable, NodeTaints.NotReady),
            _ => (null, null),
        };
        if (add is null) return;
        await NodeTaints.SwapAsync(_client, node.Object, [(add, "NoExecute")], [(remove!, "NoExecute")], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The NoSchedule taints that mirror the node's conditions and <c>spec.unschedulable</c>.</summary>
    private async Task SyncNoScheduleTaintsAsync(string name, CancellationToken cancellationToken)
    {
        var cached = Informers.Nodes.Get(null, name);
        if (cached is null) return;
        var node = cached.Model;
        var wanted = new HashSet<(string, string)>();
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            var key = (condition.Type, condition.Status) switch
            {
                ("Ready", "False") => NodeTaints.NotReady,
                ("Ready", "Unknown") => NodeTaints.Unreachable,
                ("MemoryPressure", "True") => NodeTaints.MemoryPressure,
                ("DiskPressure", "True") => NodeTaints.DiskPressure,
                ("PIDPressure", "True") => NodeTaints.PidPressure,
                ("NetworkUnavailable", "True") => NodeTaints.NetworkUnavailable,
                _ => null,
            };
            if (key is not null) wanted.Add((key, "NoSchedule"));
        }

        if (node.Spec?.Unschedulable == true) wanted.Add((NodeTaints.Unschedulable, "NoSchedule"));
        string[] managed = [NodeTaints.NotReady, NodeTaints.Unreachable, NodeTaints.MemoryPressure, NodeTaints.DiskPressure,
            NodeTaints.PidPressure, NodeTaints.NetworkUnavailable, NodeTaints.Unschedulable];
        var present = (node.Spec?.Taints ?? []).Where(t => t.Effect == "NoSchedule" && managed.Contains(t.Key)).Select(t => (t.Key, t.Effect)).ToHashSet();
        var add = wanted.Except(present).ToList();
        var remove = present.Except(wanted).ToList();
        if (add.Count == 0 && remove.Count == 0) return;
        await NodeTaints.SwapAsync(_client, cached.Object, add, remove, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The zone a node counts in for disruption: its region and zone labels.</summary>
    public static string ZoneKeyOf(V1Node node)
    {
        return $"{node.Metadata.Label(RegionLabel) ?? ""}:{node.Metadata.Label(ZoneLabel) ?? ""}";
    }
}
