namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// Implemented by a pod behaviour (the image catalogue's <c>IPodBehaviour</c>) that also knows what a controller process
/// in that image does once it runs: whether it elects itself and reconciles, or sits ready doing nothing.
/// </summary>
public interface IControllerBehaviour
{
    bool Reconciles { get; }
}
