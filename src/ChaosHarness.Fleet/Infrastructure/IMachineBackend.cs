using ChaosHarness.Fleet.Topology;

namespace ChaosHarness.Fleet.Infrastructure;

/// <summary>
/// A cloud (or a cloud emulator) whose machines stand behind the nodes of some clusters: the fleet provisions one machine
/// per node before the kubelets start, then asks for the machines' conditions on the fleet clock, one batched read per
/// cluster, and switches each node's machine to match. The fleet knows no cloud SDK: an adapter implements this.
/// </summary>
public interface IMachineBackend : IAsyncDisposable
{
    /// <summary>How often (fleet time) the machines' conditions are read.</summary>
    TimeSpan ObserveInterval { get; }

    /// <summary>Whether this backend holds the machines of <paramref name="cluster"/>; the others keep simulated machines.</summary>
    bool Backs(ClusterTopology cluster);

    /// <summary>Creates (or finds, from an earlier start) one machine per node; returns each node's <c>spec.providerID</c>.</summary>
    /// <param name="clock">The fleet clock: the backend's retries and waits run on it.</param>
    Task<IReadOnlyDictionary<string, string>> ProvisionAsync(ClusterTopology cluster, TimeProvider clock, CancellationToken cancellationToken);

    /// <summary>The condition of every node's machine, by node name, read in one batch; a node missing is taken as stopped.</summary>
    Task<IReadOnlyDictionary<string, MachineCondition>> ObserveAsync(ClusterTopology cluster, CancellationToken cancellationToken);
}
