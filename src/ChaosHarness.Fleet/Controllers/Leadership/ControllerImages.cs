using ChaosHarness.Fleet.Controllers.Kubelet;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// Whether a controller container does its work when it runs. The behaviour the kubelet gives the container decides when it
/// implements <see cref="IControllerBehaviour"/>; otherwise the image's tag does: a tag ending in <c>-noreconcile</c> (ready
/// but not reconciling), <c>-crashloop</c> (crashes during start-up, before it could lead) or <c>-unready</c> (never gets
/// healthy) names a controller that does no work; every other image does.
/// </summary>
public static class ControllerImages
{
    private static readonly string[] NonReconcilingSuffixes = ["-noreconcile", "-crashloop", "-unready"];

    public static bool Reconciles(PodBehaviours behaviours, V1Container container) =>
        behaviours.For(container) is IControllerBehaviour controller
            ? controller.Reconciles
            : ReconcilesByTag(container.Image);

    public static bool ReconcilesByTag(string? image)
    {
        var tag = TagOf(image);
        return !NonReconcilingSuffixes.Any(suffix => tag.EndsWith(suffix, StringComparison.Ordinal));
    }

    private static string TagOf(string? image)
    {
        if (string.IsNullOrEmpty(image)) return "";
        var name = image.Split('@')[0];
        var lastSegment = name[(name.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        return colon < 0 ? "" : lastSegment[(colon + 1)..];
    }
}
