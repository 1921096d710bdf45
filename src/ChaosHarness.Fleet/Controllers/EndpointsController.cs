using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>
/// The endpoints controller: for every Service with a selector, an Endpoints object of the same name listing the selected
/// pods that have an IP — ready ones under <c>addresses</c>, the others under <c>notReadyAddresses</c> (terminating and
/// finished pods are left out) — with the service's ports resolved against each pod's container ports.
/// </summary>
public sealed class EndpointsController : IClusterController
{
    public const string LastChangeTriggerTime = "endpoints.kubernetes.io/last-change-trigger-time";

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly WorkQueue<ObjectKey> _queue;

    public EndpointsController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("endpoint-controller");
        _queue = context.NewQueue<ObjectKey>(Name);
    }

    public string Name => "endpoints-controller";

    private SharedInformers Informers => _context.Informers;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        await Task.WhenAll(Informers.Services.Synced, Informers.Endpoints.Synced, Informers.Pods.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        Informers.Services.AddHandler(InformerHandler<V1Service>.OnAnyChange(service => _queue.Add(service.Key)));
        Informers.Endpoints.AddHandler(new InformerHandler<V1Endpoints> { Deleted = endpoints => _queue.Add(endpoints.Key) });
        Informers.Pods.AddHandler(new InformerHandler<V1Pod>
        {
            Added = pod => EnqueueServicesOf(pod, null),
            Updated = (before, now) => EnqueueServicesOf(now, before),
            Deleted = pod => EnqueueServicesOf(pod, null),
        });
        try
        {
            await Task.WhenAll(
                _queue.RunAsync(2, SyncAsync, cancellationToken),
                _context.ResyncAsync(() => { foreach (var s in Informers.Services.List()) _queue.Add(s.Key); }, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _queue.Dispose();
        }
    }

    private void EnqueueServicesOf(Cached<V1Pod> pod, Cached<V1Pod>? before)
    {
        foreach (var service in Informers.Services.ByIndex(SharedInformers.ByNamespace, pod.Namespace!))
        {
            var selector = LabelSelector.FromServiceSelector(service.Model.Spec?.Selector);
            if (selector.Matches(pod.Object.Labels) || (before is not null && selector.Matches(before.Object.Labels))) _queue.Add(service.Key);
        }
    }

    private async Task SyncAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = Informers.Services.Get(key);
        var existing = Informers.Endpoints.Get(key);
        if (service is null)
        {
            if (existing is not null) await _client.DeleteAsync(BuiltInResources.Endpoints, key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (service.Model.Spec?.Selector is not { Count: > 0 } selectorMap) return;
        var selector = LabelSelector.FromServiceSelector(selectorMap);
        var publishNotReady = service.Model.Spec.PublishNotReadyAddresses == true;
        var subsets = new Dictionary<string, (JsonArray Ports, List<JsonObject> Ready, List<JsonObject> NotReady)>(StringComparer.Ordinal);
        foreach (var pod in Candidates(key.Namespace!, selectorMap))
        {
            var model = pod.Model;
            if (!selector.Matches(pod.Object.Labels) || string.IsNullOrEmpty(model.Status?.PodIP) || PodFacts.IsTerminal(model)) continue;
            if (PodFacts.IsTerminating(model) && !publishNotReady) continue;
            var ports = PortsFor(service.Model, model);
            var signature = ports.ToJsonString();
            if (!subsets.TryGetValue(signature, out var subset)) subsets[signature] = subset = (ports, [], []);
            var address = new JsonObject
            {
                ["ip"] = model.Status.PodIP,
                ["nodeName"] = model.Spec?.NodeName,
                ["targetRef"] = new JsonObject
                {
                    ["kind"] = "Pod", ["namespace"] = pod.Namespace, ["name"] = pod.Name, ["uid"] = pod.Object.Uid,
                },
            };
            if (PodFacts.IsReady(model) || publishNotReady) subset.Ready.Add(address);
            else subset.NotReady.Add(address);
        }

        var desired = new JsonArray([.. subsets.Values.OrderBy(s => s.Ports.ToJsonString(), StringComparer.Ordinal).Select(s =>
        {
            var subset = new JsonObject();
            if (s.Ready.Count > 0) subset["addresses"] = new JsonArray([.. s.Ready.OrderBy(a => (string?)a["ip"], StringComparer.Ordinal)]);
            if (s.NotReady.Count > 0) subset["notReadyAddresses"] = new JsonArray([.. s.NotReady.OrderBy(a => (string?)a["ip"], StringComparer.Ordinal)]);
            if (s.Ports.Count > 0) subset["ports"] = s.Ports;
            return (JsonNode)subset;
        })]);
        var labels = service.Object.ToJsonObject()["metadata"]?["labels"]?.DeepClone() ?? new JsonObject();
        var now = KubernetesTime.Format(_context.Clock.GetUtcNow());
        if (existing is null)
        {
            var body = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["name"] = key.Name, ["namespace"] = key.Namespace, ["labels"] = labels,
                    ["annotations"] = new JsonObject { [LastChangeTriggerTime] = now },
                },
            };
            if (desired.Count > 0) body["subsets"] = desired;
            try
            {
                await _client.CreateAsync(BuiltInResources.Endpoints, key.Namespace, body, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                _queue.AddRateLimited(key);
            }

            return;
        }

        await _client.UpdateAsync(existing.Object, body =>
        {
            var current = body["subsets"] as JsonArray ?? [];
            if (JsonNode.DeepEquals(current, desired) && JsonNode.DeepEquals(body["metadata"]?["labels"] ?? new JsonObject(), labels)) return false;
            if (desired.Count > 0) body["subsets"] = desired.DeepClone();
            else body.Remove("subsets");
            var metadata = body["metadata"]!.AsObject();
            metadata["labels"] = labels.DeepClone();
            if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
            annotations[LastChangeTriggerTime] = now;
            return true;
        }, cancellationToken, retryOnConflict: false).ConfigureAwait(false);
    }

    private IReadOnlyList<Cached<V1Pod>> Candidates(string ns, IDictionary<string, string> selector)
    {
        IReadOnlyList<Cached<V1Pod>>? smallest = null;
        foreach (var (key, value) in selector)
        {
            var posting = Informers.Pods.ByIndex(SharedInformers.PodsByLabel, $"{ns}/{key}={value}");
            if (smallest is null || posting.Count < smallest.Count) smallest = posting;
        }

        return smallest ?? [];
    }

    /// <summary>The service's ports with each target port resolved for this pod (a named port through its containers).</summary>
    private static JsonArray PortsFor(V1Service service, V1Pod pod)
    {
        var ports = new JsonArray();
        foreach (var port in service.Spec?.Ports ?? [])
        {
            int? target = port.TargetPort?.Value is { } text && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
                ? number
                : port.TargetPort?.Value is { } name
                    ? pod.Spec?.Containers?.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == name)?.ContainerPort
                    : port.Port;
            if (target is null) continue;
            var entry = new JsonObject { ["port"] = target, ["protocol"] = port.Protocol ?? "TCP" };
            if (!string.IsNullOrEmpty(port.Name)) entry["name"] = port.Name;
            ports.Add(entry);
        }

        return ports;
    }
}
