using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Infrastructure;

/// <summary>
/// Binds the nodes of the clusters an <see cref="IMachineBackend"/> backs to their machines: provisions them before the
/// kubelets start (each node gets its machine's provider id), then follows the machines on the fleet clock. Only changes
/// of a machine's condition are applied, so a node switched through the fleet's own physics stays as switched until its
/// machine changes. A failed read changes nothing (a kubelet does not know its cloud's API is down); it is reported as a
/// controller failure and tried again next interval.
/// </summary>
public sealed class MachineBackedNodes
{
    public const string ControllerName = "machine-backend";

    private readonly IMachineBackend _backend;
    private readonly SimulatedCluster _cluster;
    private readonly Dictionary<string, MachineCondition> _applied = new(StringComparer.Ordinal);

    private MachineBackedNodes(IMachineBackend backend, SimulatedCluster cluster)
    {
        _backend = backend;
        _cluster = cluster;
    }

    /// <summary>Provisions the machines of every backed cluster and sets its nodes' provider ids; returns the followers.</summary>
    public static async Task<IReadOnlyList<MachineBackedNodes>> ProvisionAsync(IMachineBackend backend, IEnumerable<SimulatedCluster> clusters, CancellationToken cancellationToken)
    {
        var followers = new List<MachineBackedNodes>();
        foreach (var cluster in clusters.Where(c => backend.Backs(c.Topology)))
        {
            var providerIds = await backend.ProvisionAsync(cluster.Topology, cluster.Clock, cancellationToken).ConfigureAwait(false);
            foreach (var agent in cluster.Nodes)
            {
                agent.ProviderId = providerIds.TryGetValue(agent.NodeName, out var id)
                    ? id
                    : throw new InvalidOperationException($"The machine backend provisioned no machine for node {agent.NodeName} of cluster {cluster.Name}.");
            }

            followers.Add(new MachineBackedNodes(backend, cluster));
        }

        return followers;
    }

    public string Cluster => _cluster.Name;

    /// <summary>Reads the machines once and applies what changed; false when the read failed.</summary>
    public async Task<bool> ObserveOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, MachineCondition> conditions;
        try
        {
            conditions = await _backend.ObserveAsync(_cluster.Topology, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _cluster.ReportControllerFailure(ControllerName, _cluster.Name, e);
            return false;
        }

        foreach (var agent in _cluster.Nodes)
        {
            var condition = conditions.GetValueOrDefault(agent.NodeName, MachineCondition.Stopped);
            if (_applied.TryGetValue(agent.NodeName, out var before) && before == condition) continue;
            _applied[agent.NodeName] = condition;
            Apply(agent, condition);
        }

        return true;
    }

    /// <summary>Follows the machines every <see cref="IMachineBackend.ObserveInterval"/> of fleet time until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await ObserveOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_backend.ObserveInterval, _cluster.Clock, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static void Apply(NodeAgent agent, MachineCondition condition)
    {
        switch (condition)
        {
            case MachineCondition.Stopped:
                agent.PowerOff();
                break;
            case MachineCondition.CutOff:
                if (!agent.IsPoweredOn) agent.PowerOn();
                agent.CutNetwork();
                break;
            default:
                if (!agent.IsPoweredOn) agent.PowerOn();
                agent.RestoreNetwork();
                break;
        }
    }
}
