using System.Globalization;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>The stock container behaviours.</summary>
public static class PodBehaviour
{
    /// <summary>Pod annotation overriding the readiness delay of the healthy behaviour, in seconds.</summary>
    public const string ReadinessDelayAnnotation = "fleet.chaosharness.io/readiness-delay-seconds";

    /// <summary>Pod annotation overriding how long containers take to start, in seconds.</summary>
    public const string StartDelayAnnotation = "fleet.chaosharness.io/start-delay-seconds";

    /// <summary>
    /// Starts after <see cref="ContainerScript.DefaultStartDelay"/> (or the start-delay annotation) and becomes ready after the
    /// readiness-delay annotation, else its readiness probe's initial delay, else at once; runs until stopped.
    /// </summary>
    public static IPodBehaviour Healthy { get; } = new Scripted((pod, container) =>
        new ContainerScript(StartDelayOf(pod), ReadinessDelayOf(pod, container)));

    /// <summary>Runs but never passes readiness: a rollout to it never progresses.</summary>
    public static IPodBehaviour NeverReady { get; } = new Scripted((pod, _) => new ContainerScript(StartDelayOf(pod), null));

    /// <summary>Exits with code 1 <paramref name="after"/> running, every time: the kubelet restarts it with CrashLoopBackOff.</summary>
    public static IPodBehaviour CrashLoop(TimeSpan after) =>
        new Scripted((pod, container) => new ContainerScript(StartDelayOf(pod), ReadinessDelayOf(pod, container), after));

    /// <summary>A behaviour from a function of pod and container.</summary>
    public static IPodBehaviour From(Func<V1Pod, V1Container, ContainerScript> script) => new Scripted(script);

    public static TimeSpan StartDelayOf(V1Pod pod) =>
        SecondsAnnotation(pod, StartDelayAnnotation) ?? ContainerScript.DefaultStartDelay;

    public static TimeSpan ReadinessDelayOf(V1Pod pod, V1Container container) =>
        SecondsAnnotation(pod, ReadinessDelayAnnotation)
        ?? TimeSpan.FromSeconds(container.ReadinessProbe?.InitialDelaySeconds ?? 0);

    private static TimeSpan? SecondsAnnotation(V1Pod pod, string annotation) =>
        pod.Metadata?.Annotations?.TryGetValue(annotation, out var text) == true &&
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private sealed class Scripted(Func<V1Pod, V1Container, ContainerScript> script) : IPodBehaviour
    {
        public ContainerScript Script(V1Pod pod, V1Container container) => script(pod, container);
    }
}
