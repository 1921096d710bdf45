namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>Where a simulated container is in its life.</summary>
internal enum ContainerPhase
{
    Creating,
    Running,
    BackingOff,
    Exited,
}
