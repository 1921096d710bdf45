using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Controllers;
using ChaosHarness.Fleet.Controllers.Leadership;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Ingress;

/// <summary>
/// The control side of the cluster's ingress controller (ingress-nginx with Argo Rollouts' nginx traffic routing): while a
/// working pod of its Deployment holds <see cref="IngressNames.LeaderLease"/> (<see cref="LeaderElectedLoop"/>), it turns every Rollout that routes through nginx
/// into an <see cref="IngressRoute"/> — the stable and canary pod-template hashes and the canary weight from
/// <c>status.canary.weights</c> — and syncs them into <see cref="IngressNames.RoutesConfigMap"/>, which the controller pods
/// proxy by. While no pod leads (none ready, or only versions that do not reconcile), the routes stay as last synced.
/// </summary>
public sealed class IngressController : IClusterController
{
    private const string SyncKey = "routes";

    /// <summary>
    /// The controller as a workload: its Deployment, leader Lease and service account, with ingress-nginx's election timings
    /// (<c>--election-ttl</c> 30 s, renew deadline TTL/2, retry TTL/4).
    /// </summary>
    public static ControllerWorkload Workload { get; } =
        new(IngressNames.Namespace, IngressNames.Deployment, IngressNames.LeaderLease, ApiCaller.ServiceAccount(IngressNames.Namespace, IngressNames.ServiceAccount))
        {
            LeaseDuration = TimeSpan.FromSeconds(30),
            RenewDeadline = TimeSpan.FromSeconds(15),
            RetryPeriod = TimeSpan.FromSeconds(7.5),
        };

    /// <summary>Routes are compared with what the Rollouts say at least this often, even without a change.</summary>
    public static readonly TimeSpan ResyncPeriod = TimeSpan.FromSeconds(30);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly WorkQueue<string> _queue;
    private readonly LeaderElectedLoop _leadership;
    private Informer<StoredObject>? _rollouts;
    private Informer? _configMaps;

    public IngressController(ControllerContext context)
    {
        _context = context;
        _client = context.ClientFor(Workload.Identity);
        _queue = context.NewQueue<string>("ingress-nginx");
        _leadership = new LeaderElectedLoop(context, Workload, Name, (_, leading) => LeadAsync(leading));
    }

    public string Name => "ingress-nginx";

    /// <summary>Which controller pod leads right now, and when that changes.</summary>
    public LeaderElectedLoop Leadership => _leadership;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        // A cache of this controller's own: the rollout controller keeps typed models of Rollouts in the shared informers.
        var rollouts = _rollouts = new Informer<StoredObject>(ArgoResources.Rollouts, cluster.Api, Workload.Identity, cluster.Clock, o => o);
        var configMaps = _configMaps = _context.Informers.Any(BuiltInResources.ConfigMaps);
        rollouts.AddHandler(InformerHandler<StoredObject>.OnAnyChange(_ => _queue.Add(SyncKey)));
        configMaps.AddObjectHandler(InformerHandler<StoredObject>.OnAnyChange(c =>
        {
            if (c.Namespace == IngressNames.Namespace && c.Name == IngressNames.RoutesConfigMap) _queue.Add(SyncKey);
        }));
        var following = Task.Run(() => rollouts.RunAsync(cancellationToken), CancellationToken.None);
        try
        {
            await Task.WhenAll(rollouts.Synced, configMaps.Synced, _context.Informers.Pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _leadership.RunAsync(cluster, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await following.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            _queue.Dispose();
        }
    }

    private async Task LeadAsync(CancellationToken leading)
    {
        _queue.Add(SyncKey);
        await _queue.RunAsync(1, (_, token) => SyncAsync(_rollouts!, _configMaps!, token), leading).ConfigureAwait(false);
    }

    private async Task SyncAsync(Informer<StoredObject> rollouts, Informer configMaps, CancellationToken cancellationToken)
    {
        _queue.AddAfter(SyncKey, ResyncPeriod);
        var desired = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rollout in rollouts.Objects())
        {
            if (RolloutRoute.Of(rollout) is { } route) desired[$"{rollout.Namespace}.{rollout.Name}"] = route.ToJson();
        }

        var current = configMaps.GetObject(new ObjectKey(IngressNames.Namespace, IngressNames.RoutesConfigMap));
        if (current is null)
        {
            var body = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = IngressNames.RoutesConfigMap, ["namespace"] = IngressNames.Namespace },
                ["data"] = Data(desired),
            };
            try
            {
                await _client.CreateAsync(BuiltInResources.ConfigMaps, IngressNames.Namespace, body, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                _queue.Add(SyncKey);
            }

            return;
        }

        if (SameRoutes(current.ToModel<V1ConfigMap>().Data, desired)) return;
        await _client.UpdateAsync(current, body =>
        {
            body["data"] = Data(desired);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static bool SameRoutes(IDictionary<string, string>? current, Dictionary<string, string> desired) =>
        (current?.Count ?? 0) == desired.Count &&
        desired.All(d => current!.TryGetValue(d.Key, out var json) && IngressRoute.Parse(json) == IngressRoute.Parse(d.Value));

    private static JsonObject Data(Dictionary<string, string> routes)
    {
        var data = new JsonObject();
        foreach (var (key, json) in routes.OrderBy(r => r.Key, StringComparer.Ordinal)) data[key] = json;
        return data;
    }
}
