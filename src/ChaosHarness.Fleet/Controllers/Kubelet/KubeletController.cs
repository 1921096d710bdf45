using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// Runs the kubelet of every node of the cluster (one per <see cref="NodeAgent"/>) and routes each pod's changes to the
/// kubelet of the node it is bound to. Heartbeats are spread over the renewal interval by the cluster's seeded randomness.
/// </summary>
public sealed class KubeletController : IClusterController
{
    private readonly ControllerContext _context;
    private readonly Dictionary<string, Kubelet> _kubelets;

    public KubeletController(ControllerContext context)
    {
        _context = context;
        _kubelets = context.Cluster.Nodes.ToDictionary(
            agent => agent.NodeName,
            agent => new Kubelet(context, agent, Kubelet.LeaseRenewInterval * context.Cluster.Random.NextDouble()),
            StringComparer.Ordinal);
    }

    public string Name => "kubelet";

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var pods = _context.Informers.Pods;
        await Task.WhenAll(pods.Synced, _context.Informers.Nodes.Synced, _context.Informers.Leases.Synced).WaitAsync(cancellationToken).ConfigureAwait(false);
        pods.AddHandler(InformerHandler<k8s.Models.V1Pod>.OnAnyChange(pod =>
        {
            if (pod.Model.Spec?.NodeName is { Length: > 0 } node && _kubelets.TryGetValue(node, out var kubelet)) kubelet.PodChanged(pod.Key);
        }));
        cluster.Infrastructure.Changed += cluster.Nodes.InfrastructureChanged;
        try
        {
            await Task.WhenAll(_kubelets.Values.Select(k => k.RunAsync(cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            cluster.Infrastructure.Changed -= cluster.Nodes.InfrastructureChanged;
        }
    }
}
