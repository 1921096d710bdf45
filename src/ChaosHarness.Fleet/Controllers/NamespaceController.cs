using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers;

/// <summary>
/// The namespace controller: empties a terminating namespace of every namespaced kind, waits until nothing is left (pods
/// finish their graceful deletion first), then removes the <c>kubernetes</c> finalizer through the <c>finalize</c>
/// subresource, upon which the API server deletes the namespace.
/// </summary>
public sealed class NamespaceController : IClusterController
{
    public const string KubernetesFinalizer = "kubernetes";
    private static readonly TimeSpan ContentRecheck = TimeSpan.FromSeconds(2);

    private readonly ControllerContext _context;
    private readonly ClusterClient _client;
    private readonly WorkQueue<string> _queue;

    public NamespaceController(ControllerContext context)
    {
        _context = context;
        _client = context.ServiceAccountClient("namespace-controller");
        _queue = context.NewQueue<string>(Name);
    }

    public string Name => "namespace-controller";

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var namespaces = _context.Informers.Namespaces;
        await namespaces.Synced.WaitAsync(cancellationToken).ConfigureAwait(false);
        namespaces.AddHandler(new InformerHandler<V1Namespace>
        {
            Added = ns => { if (ns.Object.IsTerminating) _queue.Add(ns.Name); },
            Updated = (_, ns) => { if (ns.Object.IsTerminating) _queue.Add(ns.Name); },
        });
        try
        {
            await _queue.RunAsync(1, SyncAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queue.Dispose();
        }
    }

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        var ns = await _client.FindAsync(BuiltInResources.Namespaces, null, name, cancellationToken).ConfigureAwait(false);
        if (ns is null || !ns.IsTerminating) return;
        var remaining = 0;
        foreach (var type in _context.Cluster.Catalog.Types.Where(t => t.Namespaced))
        {
            var page = await _client.SendAsync(() => _client.Api.List(_client.Caller, type, new ListRequest(name)), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                remaining++;
                if (item.IsTerminating) continue;
                await _client.DeleteAsync(type, name, item.Name, cancellationToken).ConfigureAwait(false);
            }
        }

        if (remaining > 0)
        {
            _queue.AddAfter(name, ContentRecheck);
            return;
        }

        var body = ns.ToJsonObject();
        var finalizers = body["spec"]?["finalizers"] as JsonArray;
        if (finalizers?.Any(f => (string?)f == KubernetesFinalizer) != true) return;
        body["spec"]!["finalizers"] = new JsonArray([.. finalizers.Where(f => (string?)f != KubernetesFinalizer).Select(f => f?.DeepClone())]);
        await _client.ReplaceAsync(BuiltInResources.Namespaces, body, cancellationToken, "finalize").ConfigureAwait(false);
    }
}
