using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Scheduling;

/// <summary>
/// kube-scheduler's default profile, one pod at a time: filters nodes (unschedulable, taints and tolerations, nodeSelector
/// and required node affinity, cpu/memory/pod capacity, DoNotSchedule topology spread), scores the rest (least allocated,
/// balanced allocation, preferred node affinity, PreferNoSchedule taints, ScheduleAnyway spread including the default
/// hostname/zone spreading) and binds to the best, ties broken by the cluster's seeded randomness. A pod that fits nowhere
/// gets PodScheduled=False (Unschedulable) with the real message and a FailedScheduling event, and is retried when nodes
/// or pods change.
/// </summary>
public sealed class Scheduler : IClusterController
{
    public const string SchedulerName = "default-scheduler";

    private static readonly TimeSpan UnschedulableFlushInterval = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromSeconds(1);
    private static readonly ApiCaller Identity = new("system:kube-scheduler", ["system:authenticated"]);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly NodeUsage _usage = new();
    private readonly Lock _gate = new();
    private readonly HashSet<ObjectKey> _unschedulable = [];
    private readonly Dictionary<string, SchedulingNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DefaultSelectorEntry> _defaultSelectors = new(StringComparer.Ordinal);
    private int _nodesVersion;
    private int _servicesVersion;
    private int _snapshotVersion = -1;
    private NodeSnapshot _snapshot = new([]);

    public Scheduler(ControllerContext context)
    {
        _context = context;
        _client = context.ClientFor(Identity);
        _events = new EventRecorder(_client, SchedulerName);
        _queue = context.NewQueue<ObjectKey>(Name);
    }

    public string Name => SchedulerName;

    private SharedInformers Informers => _context.Informers;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Informers.Pods.Synced, Informers.Nodes.Synced, Informers.Services.Synced, Informers.ReplicaSets.Synced)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        Informers.Pods.AddHandler(new InformerHandler<V1Pod>
        {
            Added = PodSeen,
            Updated = (before, now) =>
            {
                PodSeen(now);
                if (FreesCapacity(before.Model, now.Model)) RetryUnschedulable();
            },
            Deleted = pod =>
            {
                _usage.Remove(pod.Key);
                lock (_gate) _unschedulable.Remove(pod.Key);
                RetryUnschedulable();
            },
        });
        Informers.Nodes.AddHandler(new InformerHandler<V1Node>
        {
            Added = _ =>
            {
                Interlocked.Increment(ref _nodesVersion);
                RetryUnschedulable();
            },
            Updated = (before, now) =>
            {
                Interlocked.Increment(ref _nodesVersion);
                if (MayAdmitMore(before.Model, now.Model)) RetryUnschedulable();
            },
            Deleted = _ => Interlocked.Increment(ref _nodesVersion),
        });
        Informers.Services.AddHandler(InformerHandler<V1Service>.OnAnyChange(_ => Interlocked.Increment(ref _servicesVersion)));
        try
        {
            await Task.WhenAll(_queue.RunAsync(1, ScheduleOneAsync, cancellationToken), FlushUnschedulableAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Dispose();
        }
    }

    private void PodSeen(Cached<V1Pod> pod)
    {
        var model = pod.Model;
        if (PodFacts.IsScheduled(model) && !PodFacts.IsTerminal(model))
        {
            // Status writes are most pod updates: the placement only needs redoing when node, labels or termination moved.
            if (_usage.PlacementOf(pod.Key) is { Assumed: false } known && known.Node == model.Spec.NodeName &&
                known.Terminating == PodFacts.IsTerminating(model) && SameLabels(known.Labels, model.Metadata.LabelsOrEmpty()))
            {
                return;
            }

            _usage.Place(pod.Key, new Placement(model.Spec.NodeName, PodRequests.Of(model), PodRequests.NonZeroOf(model),
                model.Metadata.LabelsOrEmpty(), PodFacts.IsTerminating(model), Assumed: false));
        }
        else if (_usage.PlacementOf(pod.Key) is not { Assumed: true } || PodFacts.IsTerminal(model))
        {
            _usage.Remove(pod.Key);
        }

        if (NeedsScheduling(pod)) _queue.Add(pod.Key);
    }

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(l => b.TryGetValue(l.Key, out var v) && v == l.Value);

    private bool NeedsScheduling(Cached<V1Pod> pod) =>
        !PodFacts.IsScheduled(pod.Model) && !PodFacts.IsTerminating(pod.Model) && !PodFacts.IsTerminal(pod.Model) &&
        (pod.Model.Spec?.SchedulerName ?? SchedulerName) == SchedulerName && _usage.PlacementOf(pod.Key) is null;

    private static bool FreesCapacity(V1Pod before, V1Pod now) =>
        (PodFacts.IsTerminal(now) && !PodFacts.IsTerminal(before)) || (PodFacts.IsTerminating(now) && !PodFacts.IsTerminating(before));

    private static bool MayAdmitMore(V1Node before, V1Node now) =>
        before.Spec?.Unschedulable != now.Spec?.Unschedulable ||
        !TaintsOf(before).SequenceEqual(TaintsOf(now)) ||
        !LabelsOf(before).SequenceEqual(LabelsOf(now)) ||
        !AllocatableOf(before).SequenceEqual(AllocatableOf(now));

    private static IEnumerable<string> TaintsOf(V1Node node) => (node.Spec?.Taints ?? []).Select(t => $"{t.Key}={t.Value}:{t.Effect}").Order(StringComparer.Ordinal);

    private static IEnumerable<string> LabelsOf(V1Node node) => (node.Metadata?.Labels ?? new Dictionary<string, string>()).Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal);

    private static IEnumerable<string> AllocatableOf(V1Node node) =>
        (node.Status?.Allocatable ?? new Dictionary<string, ResourceQuantity>()).Select(a => $"{a.Key}={a.Value}").Order(StringComparer.Ordinal);

    private void RetryUnschedulable()
    {
        List<ObjectKey> waiting;
        lock (_gate)
        {
            waiting = [.. _unschedulable];
            _unschedulable.Clear();
        }

        foreach (var key in waiting) _queue.AddAfter(key, RetryBackoff);
    }

    private async Task FlushUnschedulableAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(UnschedulableFlushInterval, _context.Clock, cancellationToken).ConfigureAwait(false);
            RetryUnschedulable();
        }
    }

    private async Task ScheduleOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cached = Informers.Pods.Get(key);
        if (cached is null || !NeedsScheduling(cached)) return;
        var pod = cached.Model;
        var snapshot = Snapshot();
        var nodes = snapshot.Nodes;
        var usage = _usage.Snapshot();
        var requests = PodRequests.Of(pod);
        var affinityAccepts = new bool[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) affinityAccepts[i] = NodeAffinity.Required(pod, nodes[i].Node);
        var constraints = SpreadConstraint.For(pod, DefaultSelector);
        var counts = new List<SpreadCounts>(constraints.Count);
        IReadOnlyList<Placement>? matching = null;
        foreach (var constraint in constraints)
        {
            // The default constraints share one selector: find its pods once.
            if (matching is null || constraint.Matcher != constraints[0].Matcher) matching = [.. MatchingPlacements(cached.Namespace!, constraint.Selector)];
            counts.Add(new SpreadCounts(constraint, pod, snapshot, affinityAccepts, matching));
        }

        var fit = new FitError(nodes.Count);
        var feasible = new List<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (Filter(pod, i, nodes[i], affinityAccepts[i], usage, requests, counts, IgnoresTaints) is { } rejection) fit.Add(rejection);
            else feasible.Add(i);
        }

        if (feasible.Count == 0)
        {
            await MarkUnschedulableAsync(cached, fit.Message, cancellationToken).ConfigureAwait(false);
            lock (_gate) _unschedulable.Add(key);
            return;
        }

        var chosen = PickBest(pod, nodes, feasible, usage, counts);
        _usage.Place(key, new Placement(chosen.Name, requests, PodRequests.NonZeroOf(pod), pod.Metadata.LabelsOrEmpty(), false, Assumed: true));
        try
        {
            var bound = await _client.SendAsync(() => _client.Api.Bind(_client.Caller, cached.Namespace!, cached.Name, chosen.Name), cancellationToken)
                .ConfigureAwait(false);
            await _events.NormalAsync(bound, "Scheduled", $"Successfully assigned {key} to {chosen.Name}", cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException)
        {
            _usage.Remove(key);
            throw;
        }
    }

    /// <summary>The nodes in name order; rebuilt only after a node changed, reusing the nodes whose version did not.</summary>
    private NodeSnapshot Snapshot()
    {
        var version = Volatile.Read(ref _nodesVersion);
        if (version == _snapshotVersion) return _snapshot;
        var current = Informers.Nodes.List();
        var nodes = new List<SchedulingNode>(current.Count);
        foreach (var node in current)
        {
            if (!_nodes.TryGetValue(node.Name, out var known) || known.ResourceVersion != node.Object.ResourceVersion)
            {
                _nodes[node.Name] = known = new SchedulingNode(node);
            }

            nodes.Add(known);
        }

        nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        _snapshot = new NodeSnapshot(nodes);
        _snapshotVersion = version;
        return _snapshot;
    }

    private bool IgnoresTaints => _context.Cluster.Defects.IsOn(FleetDefect.SchedulerIgnoresTaints);

    private static NodeRejection? Filter(V1Pod pod, int index, SchedulingNode node, bool affinityAccepts,
        Dictionary<string, (PodRequests Requests, PodRequests NonZero, int Pods)> usage, PodRequests requests, List<SpreadCounts> spreads, bool ignoreTaints)
    {
        var tolerations = pod.Spec?.Tolerations;
        if (ignoreTaints)
        {
            tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        }

        if (node.Node.Spec?.Unschedulable == true &&
            !Tolerations.AnyTolerates(tolerations, new V1Taint { Key = NodeLifecycle.NodeTaints.Unschedulable, Effect = "NoSchedule" }))
        {
            return NodeRejection.Unresolvable("node(s) were unschedulable");
        }

        if (node.Node.Spec?.Taints is { Count: > 0 } taints && Tolerations.FirstUntolerated(taints, tolerations, "NoSchedule", "NoExecute") is { } taint)
        {
            return NodeRejection.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
        }

        if (!affinityAccepts) return NodeRejection.Unresolvable("node(s) didn't match Pod's node affinity/selector");

        var (used, _, podCount) = usage.GetValueOrDefault(node.Name);
        List<string>? insufficient = null;
        if (podCount + 1 > node.AllocatablePods) (insufficient ??= []).Add("Too many pods");
        if (requests.MilliCpu > 0 && requests.MilliCpu > node.Allocatable.MilliCpu - used.MilliCpu) (insufficient ??= []).Add("Insufficient cpu");
        if (requests.MemoryBytes > 0 && requests.MemoryBytes > node.Allocatable.MemoryBytes - used.MemoryBytes) (insufficient ??= []).Add("Insufficient memory");
        if (insufficient is not null) return NodeRejection.Resolvable([.. insufficient]);

        foreach (var spread in spreads)
        {
            if (!spread.Constraint.DoNotSchedule) continue;
            var skew = spread.SkewOn(index);
            if (skew is null) return NodeRejection.Unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
            if (skew > spread.Constraint.MaxSkew) return NodeRejection.Resolvable("node(s) didn't match pod topology spread constraints");
        }

        return null;
    }

    private SchedulingNode PickBest(V1Pod pod, List<SchedulingNode> nodes, List<int> feasible,
        Dictionary<string, (PodRequests Requests, PodRequests NonZero, int Pods)> usage, List<SpreadCounts> spreads)
    {
        var nonZero = PodRequests.NonZeroOf(pod);
        var hasPreferences = pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution is { Count: > 0 };
        var affinity = new long[feasible.Count];
        var intolerable = new long[feasible.Count];
        long maxAffinity = 0, maxIntolerable = 0;
        for (var i = 0; i < feasible.Count; i++)
        {
            var node = nodes[feasible[i]].Node;
            if (hasPreferences) maxAffinity = Math.Max(maxAffinity, affinity[i] = NodeAffinity.PreferredWeight(pod, node));
            if (node.Spec?.Taints is { Count: > 0 } taints)
            {
                foreach (var taint in taints)
                {
                    if (taint.Effect == "PreferNoSchedule" && !Tolerations.AnyTolerates(pod.Spec?.Tolerations, taint)) intolerable[i]++;
                }

                maxIntolerable = Math.Max(maxIntolerable, intolerable[i]);
            }
        }

        var soft = spreads.Where(s => !s.Constraint.DoNotSchedule).ToList();
        var spreadScores = SpreadScores(feasible, soft);
        var best = new List<SchedulingNode>();
        var bestScore = long.MinValue;
        for (var i = 0; i < feasible.Count; i++)
        {
            var node = nodes[feasible[i]];
            var requested = usage.GetValueOrDefault(node.Name).NonZero + nonZero;
            var score =
                LeastAllocated(requested, node.Allocatable) +
                BalancedAllocation(requested, node.Allocatable) +
                2 * (maxAffinity == 0 ? 0 : affinity[i] * 100 / maxAffinity) +
                3 * (maxIntolerable == 0 ? 100 : 100 - intolerable[i] * 100 / maxIntolerable) +
                2 * spreadScores[i];
            if (score > bestScore)
            {
                bestScore = score;
                best.Clear();
            }

            if (score == bestScore) best.Add(node);
        }

        if (best.Count == 1) return best[0];
        lock (_context.Cluster.Random) return best[_context.Cluster.Random.Next(best.Count)];
    }

    private static long LeastAllocated(PodRequests requested, PodRequests allocatable)
    {
        static long Free(long requested, long capacity) => capacity <= 0 || requested > capacity ? 0 : (capacity - requested) * 100 / capacity;
        return (Free(requested.MilliCpu, allocatable.MilliCpu) + Free(requested.MemoryBytes, allocatable.MemoryBytes)) / 2;
    }

    private static long BalancedAllocation(PodRequests requested, PodRequests allocatable)
    {
        static double Fraction(long requested, long capacity) => capacity <= 0 ? 1 : Math.Min(1, (double)requested / capacity);
        var deviation = Math.Abs(Fraction(requested.MilliCpu, allocatable.MilliCpu) - Fraction(requested.MemoryBytes, allocatable.MemoryBytes)) / 2;
        return (long)((1 - deviation) * 100);
    }

    /// <summary>PodTopologySpread's normalised scores: the fewer matching pods in a node's domains, the higher.</summary>
    private static long[] SpreadScores(List<int> feasible, List<SpreadCounts> soft)
    {
        var scores = new long[feasible.Count];
        if (soft.Count == 0) return scores;
        var raw = new double?[feasible.Count];
        long? max = null, min = null;
        for (var i = 0; i < feasible.Count; i++)
        {
            double sum = 0;
            var ignored = false;
            foreach (var spread in soft)
            {
                if (!spread.HasDomain(feasible[i]))
                {
                    ignored = true;
                    break;
                }

                sum += spread.RawScore(feasible[i]);
            }

            if (ignored) continue;
            raw[i] = sum;
            var whole = (long)sum;
            max = max is null ? whole : Math.Max(max.Value, whole);
            min = min is null ? whole : Math.Min(min.Value, whole);
        }

        for (var i = 0; i < feasible.Count; i++)
        {
            if (raw[i] is not { } value || max is null) continue;
            scores[i] = max == 0 ? 100 : 100 * (max.Value + min!.Value - (long)value) / max.Value;
        }

        return scores;
    }

    /// <summary>
    /// The selector system-default spreading uses: the services selecting the pod and its ReplicaSet's selector. Pods of one
    /// ReplicaSet share it, so it is kept until the ReplicaSet or any service changes.
    /// </summary>
    private (V1LabelSelector Selector, LabelSelector Matcher)? DefaultSelector(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        var rs = owner is { Kind: "ReplicaSet" } ? Informers.ReplicaSets.Get(ns, owner.Name) : null;
        var servicesVersion = Volatile.Read(ref _servicesVersion);
        var cacheKey = rs is null ? null : $"{ns}/{rs.Object.Uid}";
        if (cacheKey is not null && _defaultSelectors.TryGetValue(cacheKey, out var entry) &&
            entry.ReplicaSetVersion == rs!.Object.ResourceVersion && entry.ServicesVersion == servicesVersion && SameLabels(entry.PodLabels, pod.Metadata.LabelsOrEmpty()))
        {
            return entry.Selector;
        }

        var labels = pod.Metadata.LabelsOrEmpty();
        var matchLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in Informers.Services.ByIndex(SharedInformers.ByNamespace, ns))
        {
            var selector = service.Model.Spec?.Selector;
            if (selector is not { Count: > 0 } || selector.Any(s => !labels.TryGetValue(s.Key, out var v) || v != s.Value)) continue;
            foreach (var (key, value) in selector) matchLabels[key] = value;
        }

        var expressions = new List<V1LabelSelectorRequirement>();
        if (rs?.Model.Spec?.Selector is { } rsSelector && rs.Object.Uid == owner!.Uid)
        {
            foreach (var (key, value) in rsSelector.MatchLabels ?? new Dictionary<string, string>()) matchLabels[key] = value;
            expressions.AddRange(rsSelector.MatchExpressions ?? []);
        }

        (V1LabelSelector, LabelSelector)? result = null;
        if (matchLabels.Count > 0 || expressions.Count > 0)
        {
            var built = new V1LabelSelector { MatchLabels = matchLabels, MatchExpressions = expressions };
            result = (built, LabelSelector.From(built));
        }

        if (cacheKey is not null)
        {
            if (_defaultSelectors.Count > 10_000) _defaultSelectors.Clear();
            _defaultSelectors[cacheKey] = new DefaultSelectorEntry(rs!.Object.ResourceVersion, servicesVersion, labels, result);
        }

        return result;
    }

    private sealed record DefaultSelectorEntry(long ReplicaSetVersion, int ServicesVersion, IReadOnlyDictionary<string, string> PodLabels,
        (V1LabelSelector Selector, LabelSelector Matcher)? Selector);

    /// <summary>The placements of the pods a selector may match in a namespace, found through the smallest label posting list.</summary>
    private IEnumerable<Placement> MatchingPlacements(string ns, V1LabelSelector selector)
    {
        IReadOnlyList<Cached<V1Pod>>? candidates = null;
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            var posting = Informers.Pods.ByIndex(SharedInformers.PodsByLabel, $"{ns}/{key}={value}");
            if (candidates is null || posting.Count < candidates.Count) candidates = posting;
        }

        candidates ??= Informers.Pods.ByIndex(SharedInformers.ByNamespace, ns);
        foreach (var candidate in candidates)
        {
            if (_usage.PlacementOf(candidate.Key) is { } placement) yield return placement;
        }
    }

    private async Task MarkUnschedulableAsync(Cached<V1Pod> pod, string message, CancellationToken cancellationToken)
    {
        var written = await _client.UpdateStatusAsync<V1PodStatus>(pod.Object, status =>
        {
            var existing = status.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
            if (existing is { Status: "False", Reason: "Unschedulable" } && existing.Message == message) return false;
            Kubelet.PodConditions.Set(status, "PodScheduled", "False", _context.Clock.Now(), "Unschedulable", message);
            status.Conditions!.First(c => c.Type == "PodScheduled").LastProbeTime = null;
            return true;
        }, cancellationToken).ConfigureAwait(false);
        await _events.WarningAsync(written ?? pod.Object, "FailedScheduling", message, cancellationToken).ConfigureAwait(false);
    }
}
