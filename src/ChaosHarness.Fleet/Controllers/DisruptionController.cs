using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>
/// The disruption controller: keeps each PodDisruptionBudget's status — expectedPods, desiredHealthy, currentHealthy,
/// disruptionsAllowed, observedGeneration and the DisruptionAllowed condition (SufficientPods / InsufficientPods) — and
/// forgets pods in <c>disruptedPods</c> once they are gone or two minutes have passed, as the eviction API relies on.
/// </summary>
public sealed class DisruptionController : IClusterController
{
    /// <summary>How long an eviction's entry in disruptedPods waits for its pod to go (DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly WorkQueue<ObjectKey> _queue;

    public DisruptionController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("disruption-controller");
        _queue = context.NewQueue<ObjectKey>(Name);
    }

    public string Name => "disruption-controller";

    private SharedInformers Informers => _context.Informers;
    private TimeProvider Clock => _context.Clock;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var budgets = Informers.PodDisruptionBudgets;
        budgets.AddIndex(SharedInformers.ByNamespace, b => [b.Namespace ?? ""]);
        await Task.WhenAll(budgets.Synced, Informers.Pods.Synced, Informers.ReplicaSets.Synced, Informers.Deployments.Synced)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        budgets.AddHandler(new InformerHandler<V1PodDisruptionBudget> { Added = b => _queue.Add(b.Key), Updated = (_, b) => _queue.Add(b.Key) });
        Informers.Pods.AddHandler(InformerHandler<V1Pod>.OnAnyChange(pod => EnqueueBudgetsIn(pod.Namespace!, pod.Object.Labels)));
        Informers.ReplicaSets.AddHandler(InformerHandler<V1ReplicaSet>.OnAnyChange(rs => EnqueueBudgetsIn(rs.Namespace!, null)));
        Informers.Deployments.AddHandler(InformerHandler<V1Deployment>.OnAnyChange(d => EnqueueBudgetsIn(d.Namespace!, null)));
        try
        {
            await Task.WhenAll(
                _queue.RunAsync(1, SyncAsync, cancellationToken),
                _context.ResyncAsync(() => { foreach (var b in budgets.List()) _queue.Add(b.Key); }, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _queue.Dispose();
        }
    }

    /// <summary>Budgets in the namespace that cover pods with these labels (all of them when a controller's scale moved).</summary>
    private void EnqueueBudgetsIn(string ns, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var budget in Informers.PodDisruptionBudgets.ByIndex(SharedInformers.ByNamespace, ns))
        {
            if (labels is null || SelectorOf(budget.Model).Matches(labels)) _queue.Add(budget.Key);
        }
    }

    private static LabelSelector SelectorOf(V1PodDisruptionBudget budget)
    {
        try
        {
            return LabelSelector.From(budget.Spec?.Selector);
        }
        catch (SelectorException)
        {
            return LabelSelector.Nothing;
        }
    }

    private async Task SyncAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (Informers.PodDisruptionBudgets.Get(key) is not { } cached) return;
        var budget = cached.Model;
        var selector = SelectorOf(budget);
        var pods = Informers.Pods.ByIndex(SharedInformers.ByNamespace, key.Namespace!).Where(p => selector.Matches(p.Object.Labels)).ToList();
        var now = Clock.GetUtcNow();
        var (expected, desiredHealthy) = ExpectedAndDesired(budget, pods);
        var disrupted = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        DateTimeOffset? nextExpiry = null;
        foreach (var (name, since) in budget.Status?.DisruptedPods ?? new Dictionary<string, DateTime?>())
        {
            var pod = pods.FirstOrDefault(p => p.Name == name);
            if (pod is null || PodFacts.IsTerminating(pod.Model) || since is null) continue;
            var expiry = since.Value.AsInstant() + DeletionTimeout;
            if (expiry <= now) continue;
            disrupted[name] = since;
            if (nextExpiry is null || expiry < nextExpiry) nextExpiry = expiry;
        }

        var currentHealthy = pods.Count(p => !PodFacts.IsTerminating(p.Model) && !disrupted.ContainsKey(p.Name) && PodFacts.IsReady(p.Model));
        var allowed = Math.Max(0, currentHealthy - desiredHealthy);
        var generation = budget.Metadata.Generation ?? 0;
        await _client.UpdateStatusAsync<V1PodDisruptionBudgetStatus>(cached.Object, status =>
        {
            var condition = status.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
            var (conditionStatus, reason) = allowed > 0 ? ("True", "SufficientPods") : ("False", "InsufficientPods");
            var unchanged = status.ExpectedPods == expected && status.DesiredHealthy == desiredHealthy && status.CurrentHealthy == currentHealthy &&
                            status.DisruptionsAllowed == allowed && status.ObservedGeneration == generation &&
                            (status.DisruptedPods?.Count ?? 0) == disrupted.Count && condition?.Status == conditionStatus && condition.Reason == reason;
            if (unchanged) return false;
            status.ExpectedPods = expected;
            status.DesiredHealthy = desiredHealthy;
            status.CurrentHealthy = currentHealthy;
            status.DisruptionsAllowed = allowed;
            status.ObservedGeneration = generation;
            status.DisruptedPods = disrupted.Count == 0 ? null : disrupted;
            if (condition?.Status != conditionStatus || condition.Reason != reason)
            {
                status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != "DisruptionAllowed"), new V1Condition
                {
                    Type = "DisruptionAllowed", Status = conditionStatus, Reason = reason, Message = "",
                    ObservedGeneration = generation, LastTransitionTime = Clock.Now(),
                }];
            }
            else
            {
                condition.ObservedGeneration = generation;
            }

            return true;
        }, cancellationToken, retryOnConflict: false).ConfigureAwait(false);
        if (nextExpiry is { } at) _queue.AddAfter(key, at - now);
    }

    /// <summary>
    /// expectedPods and desiredHealthy: with an integer minAvailable, the matching pods and that number; with a percentage or
    /// maxUnavailable, the scale of the pods' controllers (a Deployment's replicas for its ReplicaSets' pods).
    /// </summary>
    private (int Expected, int DesiredHealthy) ExpectedAndDesired(V1PodDisruptionBudget budget, IReadOnlyList<Cached<V1Pod>> pods)
    {
        var minAvailable = budget.Spec?.MinAvailable?.Value;
        var maxUnavailable = budget.Spec?.MaxUnavailable?.Value;
        if (maxUnavailable is null && minAvailable is not null && !minAvailable.EndsWith('%'))
        {
            return (pods.Count, int.Parse(minAvailable, System.Globalization.CultureInfo.InvariantCulture));
        }

        var expected = ControllersScale(pods);
        if (maxUnavailable is not null)
        {
            return (expected, Math.Max(0, expected - Scaled(maxUnavailable, expected, roundUp: true)));
        }

        return (expected, minAvailable is null ? expected : Scaled(minAvailable, expected, roundUp: true));
    }

    private int ControllersScale(IReadOnlyList<Cached<V1Pod>> pods)
    {
        var scales = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var owner = pod.Model.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (owner is not { Kind: "ReplicaSet" } || scales.ContainsKey(owner.Uid)) continue;
            var rs = Informers.ReplicaSets.Get(pod.Namespace, owner.Name);
            if (rs is null || rs.Object.Uid != owner.Uid) continue;
            var deploymentOwner = rs.Model.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Deployment");
            if (deploymentOwner is not null && Informers.Deployments.Get(pod.Namespace, deploymentOwner.Name) is { } d && d.Object.Uid == deploymentOwner.Uid)
            {
                scales[deploymentOwner.Uid] = d.Model.Spec?.Replicas ?? 1;
                scales[owner.Uid] = 0;
            }
            else
            {
                scales[owner.Uid] = rs.Model.Spec?.Replicas ?? 1;
            }
        }

        return scales.Values.Sum();
    }

    private static int Scaled(string value, int total, bool roundUp)
    {
        if (!value.EndsWith('%')) return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var scaled = double.Parse(value.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) * total / 100;
        return roundUp ? (int)Math.Ceiling(scaled) : (int)Math.Floor(scaled);
    }
}
