namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// The simulated machine behind one node, as the fleet's failure physics sees it: whether it has power and whether its
/// kubelet process runs. A node whose kubelet does not run (or has no power) writes nothing: no Lease renewals, no node or
/// pod status. The node lifecycle controller notices the silence, as it would in a real cluster.
/// </summary>
public sealed class NodeAgent
{
    private readonly Lock _gate = new();
    private bool _poweredOn = true;
    private bool _kubeletRunning = true;
    private int _boots = 1;

    internal NodeAgent(string nodeName, string zone, int index)
    {
        NodeName = nodeName;
        Zone = zone;
        Index = index;
    }

    public string NodeName { get; }
    public string Zone { get; }

    /// <summary>The node's position in its cluster's topology; gives it its pod CIDR.</summary>
    public int Index { get; }

    public bool IsPoweredOn
    {
        get { lock (_gate) return _poweredOn; }
    }

    public bool IsKubeletRunning
    {
        get { lock (_gate) return _kubeletRunning; }
    }

    /// <summary>The kubelet runs on a powered machine: it renews its Lease and reports status.</summary>
    public bool IsHeartbeating
    {
        get { lock (_gate) return _poweredOn && _kubeletRunning; }
    }

    /// <summary>Containers run on this machine (it has power), whether or not the kubelet reports them.</summary>
    public bool ContainersRun => IsPoweredOn;

    /// <summary>Counts power-ons: containers started before the current boot died with the power.</summary>
    public int Boots
    {
        get { lock (_gate) return _boots; }
    }

    /// <summary>Raised after any change of power or kubelet state.</summary>
    public event Action<NodeAgent>? Changed;

    /// <summary>The machine loses power: kubelet and containers stop at once.</summary>
    public void PowerOff() => Set(() => _poweredOn = false);

    /// <summary>The machine boots again: the kubelet starts and restarts the containers of the pods still bound to it.</summary>
    public void PowerOn() => Set(() =>
    {
        if (!_poweredOn) _boots++;
        _poweredOn = true;
        _kubeletRunning = true;
    });

    /// <summary>Only the kubelet process stops (heartbeats off); containers keep running and serving.</summary>
    public void StopKubelet() => Set(() => _kubeletRunning = false);

    /// <summary>The kubelet process starts again (heartbeats on).</summary>
    public void StartKubelet() => Set(() => _kubeletRunning = true);

    public override string ToString() =>
        $"{NodeName} ({Zone}): {(IsPoweredOn ? "powered" : "no power")}, kubelet {(IsKubeletRunning ? "running" : "stopped")}";

    private void Set(Action change)
    {
        lock (_gate) change();
        Changed?.Invoke(this);
    }
}
