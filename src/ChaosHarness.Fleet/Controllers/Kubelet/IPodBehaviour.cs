using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// What a container does when a simulated kubelet runs it: the seam where images get their behaviour (healthy, slow,
/// never ready, crash looping). Looked up per container through <see cref="PodBehaviours"/>.
/// </summary>
public interface IPodBehaviour
{
    ContainerScript Script(V1Pod pod, V1Container container);
}
