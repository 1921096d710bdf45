namespace ChaosHarness.Fleet.Infrastructure;

/// <summary>What a node's machine is, as its cloud reports it.</summary>
public enum MachineCondition
{
    /// <summary>Powered and on a network that lets traffic through.</summary>
    Running,

    /// <summary>Stopped, stopping, terminated or gone: no kubelet, no containers.</summary>
    Stopped,

    /// <summary>Powered, but its subnet lets nothing in or out: the kubelet cannot reach the API server, nobody reaches its pods.</summary>
    CutOff,
}
