using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// Implemented by a pod behaviour (registered in <c>SimulatedCluster.PodBehaviours</c>) that also knows what a controller
/// process in a container does once it runs: whether it elects itself and reconciles, or sits there doing nothing.
/// </summary>
public interface IControllerBehaviour
{
    bool Reconciles(V1Container container);
}
