using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// Whether a controller container does its work when it runs. A pod behaviour implementing <see cref="IControllerBehaviour"/>
/// decides for the containers it runs; otherwise the image catalogue's behaviour of the version does: a controller works
/// unless its version does not reconcile (<c>-noreconcile</c>), crash-loops (it crashes during start-up, before it could
/// lead) or never becomes healthy (<c>-unready</c>) — whether or not a defect lets its pod count as ready.
/// </summary>
public static class ControllerImages
{
    public static bool Reconciles(SimulatedCluster cluster, V1Container container) =>
        cluster.PodBehaviours.For(container) is IControllerBehaviour controller
            ? controller.Reconciles(container)
            : cluster.Images.Resolve(container.Image ?? "") is { Reconciles: true, Serves: true };
}
