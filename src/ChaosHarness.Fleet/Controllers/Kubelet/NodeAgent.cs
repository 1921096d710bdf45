using ChaosHarness.Fleet.Infrastructure;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// The simulated machine behind one node, as the fleet's failure physics sees it: its own power switch and kubelet process,
/// under its zone's power and network from <see cref="FleetInfrastructure"/>. A kubelet that does not run, has no power or
/// cannot reach the control plane (a partitioned zone) writes nothing: no Lease renewals, no node or pod status. The node
/// lifecycle controller notices the silence, as it would in a real cluster.
/// </summary>
public sealed class NodeAgent
{
    private readonly Lock _gate = new();
    private readonly Func<FleetInfrastructure> _infrastructure;
    private bool _poweredOn = true;
    private bool _kubeletRunning = true;
    private bool _lastPowered = true;
    private bool _networkCut;
    private int _boots = 1;

    internal NodeAgent(string nodeName, string zone, int index, Func<FleetInfrastructure> infrastructure)
    {
        NodeName = nodeName;
        Zone = zone;
        Index = index;
        _infrastructure = infrastructure;
    }

    public string NodeName { get; }
    public string Zone { get; }

    /// <summary>The node's position in its cluster's topology; gives it its pod CIDR and address.</summary>
    public int Index { get; }

    /// <summary>The <c>spec.providerID</c> of the machine behind the node when a cloud backs it (see <see cref="IMachineBackend"/>); null: a simulated one.</summary>
    public string? ProviderId { get; internal set; }

    /// <summary>The machine has power: its own switch is on and its zone has power.</summary>
    public bool IsPoweredOn
    {
        get
        {
            lock (_gate) return _poweredOn && _infrastructure().HasPower(Zone);
        }
    }

    public bool IsKubeletRunning
    {
        get { lock (_gate) return _kubeletRunning; }
    }

    /// <summary>The machine's network reaches the control plane and its peers: its zone is not partitioned, its own network not cut.</summary>
    public bool ReachesControlPlane
    {
        get
        {
            lock (_gate) if (_networkCut) return false;
            return !_infrastructure().IsPartitioned(Zone);
        }
    }

    /// <summary>The kubelet runs on a powered machine that reaches the API server: it renews its Lease and reports status.</summary>
    public bool IsHeartbeating => IsPoweredOn && IsKubeletRunning && ReachesControlPlane;

    /// <summary>Containers run on this machine (it has power), whether or not the kubelet reports them.</summary>
    public bool ContainersRun => IsPoweredOn;

    /// <summary>Counts power-ons: containers started before the current boot died with the power.</summary>
    public int Boots
    {
        get
        {
            Refresh();
            lock (_gate) return _boots;
        }
    }

    /// <summary>Raised after any change of power, network or kubelet state.</summary>
    public event Action<NodeAgent>? Changed;

    /// <summary>The machine loses power: kubelet and containers stop at once.</summary>
    public void PowerOff() => Set(() => _poweredOn = false);

    /// <summary>The machine boots again: the kubelet starts and restarts the containers of the pods still bound to it.</summary>
    public void PowerOn() => Set(() =>
    {
        _poweredOn = true;
        _kubeletRunning = true;
    });

    /// <summary>Only the kubelet process stops (heartbeats off); containers keep running and serving.</summary>
    public void StopKubelet() => Set(() => _kubeletRunning = false);

    /// <summary>The kubelet process starts again (heartbeats on).</summary>
    public void StartKubelet() => Set(() => _kubeletRunning = true);

    /// <summary>Only this machine's network is cut (its subnet blackholed): it keeps power, but nothing reaches it or leaves it.</summary>
    public void CutNetwork() => Set(() => _networkCut = true);

    /// <summary>The machine's own network is back.</summary>
    public void RestoreNetwork() => Set(() => _networkCut = false);

    /// <summary>Takes in a change of the infrastructure under the machine (zone power, partitions).</summary>
    internal void Refresh()
    {
        lock (_gate)
        {
            var powered = _poweredOn && _infrastructure().HasPower(Zone);
            if (powered && !_lastPowered) _boots++;
            _lastPowered = powered;
        }
    }

    internal void RaiseChanged() => Changed?.Invoke(this);

    public override string ToString() =>
        $"{NodeName} ({Zone}): {(IsPoweredOn ? "powered" : "no power")}, kubelet {(IsKubeletRunning ? "running" : "stopped")}" +
        (ReachesControlPlane ? "" : ", partitioned");

    private void Set(Action change)
    {
        lock (_gate) change();
        Refresh();
        RaiseChanged();
    }
}
