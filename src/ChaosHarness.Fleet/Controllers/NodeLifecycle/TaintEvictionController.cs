using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.NodeLifecycle;

/// <summary>
/// The taint eviction controller (the NoExecute taint manager): a pod on a node with a NoExecute taint it does not tolerate is
/// deleted at once; one that tolerates it for a time (300 s, from DefaultTolerationSeconds) is deleted that long after the
/// taint was seen, unless the taint goes first. Before deleting, the pod gets the DisruptionTarget condition
/// (DeletionByTaintManager); events say TaintManagerEviction.
/// </summary>
public sealed class TaintEvictionController : IClusterController
{
    /// <summary>While the never-evicts defect is on, due evictions wait and look again this often.</summary>
    private static readonly TimeSpan DefectRecheck = TimeSpan.FromSeconds(10);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly WorkQueue<string> _nodes;
    private readonly WorkQueue<ObjectKey> _pods;
    private readonly WorkQueue<ObjectKey> _evictions;
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, ScheduledEviction> _scheduled = [];

    public TaintEvictionController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("taint-eviction-controller");
        _events = new EventRecorder(_client, "taint-eviction-controller");
        _nodes = context.NewQueue<string>(Name);
        _pods = context.NewQueue<ObjectKey>(Name);
        _evictions = context.NewQueue<ObjectKey>(Name);
    }

    public string Name => "taint-eviction-controller";

    private TimeProvider Clock => _context.Clock;
    private SharedInformers Informers => _context.Informers;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Informers.Nodes.Synced, Informers.Pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        Informers.Nodes.AddHandler(new InformerHandler<V1Node>
        {
            Added = node => { if (NoExecuteTaints(node.Model).Count > 0) _nodes.Add(node.Name); },
            Updated = (before, now) =>
            {
                if (!NoExecuteTaints(before.Model).Select(Describe).SequenceEqual(NoExecuteTaints(now.Model).Select(Describe))) _nodes.Add(now.Name);
            },
            Deleted = node => _nodes.Add(node.Name),
        });
        Informers.Pods.AddHandler(new InformerHandler<V1Pod>
        {
            Added = pod => { if (PodFacts.IsScheduled(pod.Model)) _pods.Add(pod.Key); },
            Updated = (before, now) =>
            {
                if (PodFacts.IsScheduled(now.Model) &&
                    (before.Model.Spec?.NodeName != now.Model.Spec?.NodeName || !SameTolerations(before.Model, now.Model))) _pods.Add(now.Key);
            },
            Deleted = pod => Cancel(pod.Key, pod.Object, withEvent: true, CancellationToken.None),
        });
        try
        {
            await Task.WhenAll(
                _nodes.RunAsync(1, SyncNodeAsync, cancellationToken),
                _pods.RunAsync(1, SyncPodAsync, cancellationToken),
                _evictions.RunAsync(2, EvictAsync, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _nodes.Dispose();
            _pods.Dispose();
            _evictions.Dispose();
        }
    }

    private async Task SyncNodeAsync(string nodeName, CancellationToken cancellationToken)
    {
        var taints = Informers.Nodes.Get(null, nodeName) is { } node ? NoExecuteTaints(node.Model) : [];
        foreach (var pod in Informers.Pods.ByIndex(SharedInformers.PodsByNode, nodeName))
        {
            await ProcessPodOnNodeAsync(pod, taints, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SyncPodAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var pod = Informers.Pods.Get(key);
        if (pod?.Model.Spec?.NodeName is not { Length: > 0 } nodeName) return;
        var taints = Informers.Nodes.Get(null, nodeName) is { } node ? NoExecuteTaints(node.Model) : [];
        await ProcessPodOnNodeAsync(pod, taints, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProcessPodOnNodeAsync(Cached<V1Pod> pod, IReadOnlyList<V1Taint> taints, CancellationToken cancellationToken)
    {
        if (PodFacts.IsTerminating(pod.Model)) return;
        if (taints.Count == 0)
        {
            await CancelAsync(pod, cancellationToken).ConfigureAwait(false);
            return;
        }

        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            var toleration = pod.Model.Spec.Tolerations?.FirstOrDefault(t => Tolerations.Tolerates(t, taint));
            if (toleration is null)
            {
                await CancelAsync(pod, cancellationToken).ConfigureAwait(false);
                Schedule(pod.Key, Clock.GetUtcNow(), Clock.GetUtcNow());
                return;
            }

            used.Add(toleration);
        }

        var tolerated = MinTolerationTime(used);
        if (tolerated is null)
        {
            await CancelAsync(pod, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = Clock.GetUtcNow();
        var createdAt = now;
        lock (_gate)
        {
            if (_scheduled.TryGetValue(pod.Key, out var existing) && !existing.Fired)
            {
                createdAt = existing.CreatedAt;
                if (existing.CreatedAt + tolerated.Value < now + tolerated.Value) return;
            }
        }

        Schedule(pod.Key, createdAt, now + tolerated.Value);
    }

    private void Schedule(ObjectKey pod, DateTimeOffset createdAt, DateTimeOffset fireAt)
    {
        lock (_gate) _scheduled[pod] = new ScheduledEviction(createdAt, fireAt);
        _evictions.AddAfter(pod, fireAt - Clock.GetUtcNow());
    }

    private Task CancelAsync(Cached<V1Pod> pod, CancellationToken cancellationToken) => Cancel(pod.Key, pod.Object, withEvent: true, cancellationToken);

    private Task Cancel(ObjectKey key, StoredObject pod, bool withEvent, CancellationToken cancellationToken)
    {
        bool pending;
        lock (_gate) pending = _scheduled.Remove(key, out var eviction) && !eviction.Fired;
        return pending && withEvent
            ? _events.NormalAsync(pod, "TaintManagerEviction", $"Cancelling deletion of Pod {key}", cancellationToken)
            : Task.CompletedTask;
    }

    private async Task EvictAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        ScheduledEviction? eviction;
        lock (_gate) eviction = _scheduled.GetValueOrDefault(key);
        if (eviction is null || eviction.Fired) return;
        var now = Clock.GetUtcNow();
        if (eviction.FireAt > now)
        {
            _evictions.AddAfter(key, eviction.FireAt - now);
            return;
        }

        var pod = Informers.Pods.Get(key);
        if (pod is null)
        {
            lock (_gate) _scheduled.Remove(key);
            return;
        }

        if (_context.Cluster.Defects.IsOn(FleetDefect.NodeLifecycleNeverEvicts))
        {
            _evictions.AddAfter(key, DefectRecheck);
            return;
        }

        await _events.NormalAsync(pod.Object, "TaintManagerEviction", $"Marking for deletion Pod {key}", cancellationToken).ConfigureAwait(false);
        var latest = await _client.FindAsync(BuiltInResources.Pods, key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        if (latest is null || latest.Uid != pod.Object.Uid) return;
        await _client.UpdateStatusAsync<V1PodStatus>(latest, status =>
        {
            if (status.Conditions?.Any(c => c.Type == "DisruptionTarget" && c.Status == "True") == true) return false;
            Kubelet.PodConditions.Set(status, "DisruptionTarget", "True", Clock.Now(), "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
            return true;
        }, cancellationToken).ConfigureAwait(false);
        await _client.DeleteAsync(BuiltInResources.Pods, key.Namespace, key.Name, cancellationToken, new DeleteRequest(ExpectedUid: latest.Uid)).ConfigureAwait(false);
        lock (_gate)
        {
            if (_scheduled.TryGetValue(key, out var current) && current == eviction) _scheduled[key] = eviction with { Fired = true };
        }
    }

    /// <summary>How long the pod may stay: the shortest tolerationSeconds among the tolerations used; null for ever.</summary>
    private static TimeSpan? MinTolerationTime(List<V1Toleration> used)
    {
        if (used.Count == 0) return TimeSpan.Zero;
        long? min = null;
        foreach (var toleration in used)
        {
            if (toleration.TolerationSeconds is not { } seconds) continue;
            if (seconds <= 0) return TimeSpan.Zero;
            if (min is null || seconds < min) min = seconds;
        }

        return min is { } m ? TimeSpan.FromSeconds(m) : null;
    }

    private static List<V1Taint> NoExecuteTaints(V1Node node) => [.. (node.Spec?.Taints ?? []).Where(t => t.Effect == "NoExecute")];

    private static string Describe(V1Taint taint) => $"{taint.Key}={taint.Value}:{taint.Effect}";

    private static bool SameTolerations(V1Pod before, V1Pod now) =>
        (before.Spec?.Tolerations?.Count ?? 0) == (now.Spec?.Tolerations?.Count ?? 0) &&
        (before.Spec?.Tolerations ?? []).Zip(now.Spec?.Tolerations ?? []).All(p =>
            p.First.Key == p.Second.Key && p.First.OperatorProperty == p.Second.OperatorProperty && p.First.Value == p.Second.Value &&
            p.First.Effect == p.Second.Effect && p.First.TolerationSeconds == p.Second.TolerationSeconds);

    private sealed record ScheduledEviction(DateTimeOffset CreatedAt, DateTimeOffset FireAt, bool Fired = false);
}
