using ChaosHarness.Fleet.Controllers.Kubelet;
using ChaosHarness.Fleet.Defects;
using ChaosHarness.Fleet.Hosting;
using k8s.Models;

namespace ChaosHarness.Fleet.Images;

/// <summary>
/// The image catalogue plugged into the kubelets' <see cref="IPodBehaviour"/> seam: each container runs as its image's
/// <see cref="ImageBehaviour"/> says. Readiness follows Kubernetes: a container without a readiness probe is ready as soon as
/// it runs, whatever its image does; with a probe it is ready after the probe's initial delay (or the readiness-delay
/// annotation), after the warm-up of a slow starter, never for an image that never becomes ready. With the
/// <see cref="FleetDefect.ControllerWithoutReadinessGate"/> defect on, controller images count as having no probe.
/// </summary>
public sealed class CataloguePodBehaviour(SimulatedCluster cluster) : IPodBehaviour
{
    public ContainerScript Script(V1Pod pod, V1Container container)
    {
        var behaviour = cluster.Images.Resolve(container.Image);
        var start = PodBehaviour.StartDelayOf(pod);
        var gated = container.ReadinessProbe is not null &&
                    !(cluster.Defects.IsOn(FleetDefect.ControllerWithoutReadinessGate) && cluster.Images.IsController(container.Image));
        var probeDelay = PodBehaviour.ReadinessDelayOf(pod, container);
        // Without a probe the delay is the readiness-delay annotation's, if any; a defect-ignored probe counts for nothing.
        TimeSpan? readyAfter = !gated ? (container.ReadinessProbe is null ? probeDelay : TimeSpan.Zero) : behaviour.Kind switch
        {
            ImageBehaviourKind.NeverReady => null,
            ImageBehaviourKind.SlowStart => behaviour.WarmUp > probeDelay ? behaviour.WarmUp : probeDelay,
            _ => probeDelay,
        };
        var exitAfter = behaviour.Kind == ImageBehaviourKind.CrashLoop ? behaviour.CrashAfter : (TimeSpan?)null;
        return new ContainerScript(start, readyAfter, exitAfter);
    }
}
