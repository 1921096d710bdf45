using System.Text.Json.Nodes;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube;

namespace ChaosHarness.Experiments.Support;

/// <summary>
/// The demo app every fleet cluster runs: Argo Rollout <c>shop/checkout</c> (steps setWeight 20, pause 60 s, setWeight 50,
/// pause 60 s, analysis). A canary starts when its image changes; tag suffixes make bad versions
/// (<c>-errors50</c>, <c>-crashloop</c>, <c>-unready</c>, <c>-slowstart</c>, <c>-noreconcile</c>).
/// </summary>
internal sealed class CheckoutApp(Experiment experiment, string cluster)
{
    public const string Namespace = "shop";
    public const string Name = "checkout";
    public const string Container = "checkout";
    public const string Repository = "shop/checkout";

    /// <summary>The step index of the analysis step (steps 0–3 are weights and pauses).</summary>
    public const int AnalysisStep = 4;

    public ObjectRef Rollout { get; } = ObjectRef.Rollout(cluster, Namespace, Name);

    /// <summary>The image the rollout's template runs now.</summary>
    public async Task<string> ImageAsync()
    {
        var body = await experiment.Kubernetes().Connect(cluster).Rest.GetAsync(Rollout.Kind, Namespace, Name, experiment.Cancellation).ConfigureAwait(false)
                   ?? throw new InvalidOperationException($"{Rollout} does not exist: is the demo app installed?");
        return body.Objects("spec.template.spec.containers").Single(c => c.Str("name") == Container).Str("image")
               ?? throw new InvalidOperationException($"{Rollout} has no image.");
    }

    /// <summary>A healthy version other than <paramref name="running"/>'s, so that setting it starts a canary.</summary>
    public static string NextHealthyImage(string running) => running == $"{Repository}:v2" ? $"{Repository}:v3" : $"{Repository}:v2";

    /// <summary>A bad build of the next version, misbehaving as the tag suffix says (<c>errors50</c>, <c>crashloop</c>…).</summary>
    public static string BadImage(string running, string suffix) => $"{NextHealthyImage(running)}-{suffix}";

    /// <summary>Starts a canary: <c>kubectl argo rollouts set image checkout checkout=…</c>.</summary>
    public Task StartCanaryAsync(string image) => experiment.Drive().SetImageAsync(Rollout, Container, image, experiment.Cancellation);

    /// <summary>
    /// Puts the stable version back in the template after an abort (Argo goes straight back to the stable ReplicaSet,
    /// skipping the steps), so the rollout is Healthy again for the next experiment.
    /// </summary>
    public Task RestoreAsync(string stableImage) => experiment.Drive().SetImageAsync(Rollout, Container, stableImage, experiment.Cancellation);

    /// <summary>
    /// Clean-up for an experiment that ended early (failed or stopped): the stable image and the usual replica count back,
    /// so that the next experiment finds checkout able to reach its steady state. Reported, never thrown over the failure.
    /// </summary>
    public async Task LeaveAsItWasAsync(string stableImage, int replicas = 6)
    {
        try
        {
            var body = await experiment.Kubernetes().Connect(cluster).Rest.GetAsync(Rollout.Kind, Namespace, Name, CancellationToken.None).ConfigureAwait(false);
            if (body?.Long("spec.replicas") is { } current && current != replicas)
            {
                await experiment.Drive().ScaleAsync(Rollout, replicas, CancellationToken.None).ConfigureAwait(false);
            }

            if (body?.Objects("spec.template.spec.containers").FirstOrDefault(c => c.Str("name") == Container)?.Str("image") != stableImage)
            {
                await experiment.Drive().SetImageAsync(Rollout, Container, stableImage, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TestContext.Progress.WriteLine($"could not put {Rollout} back to {stableImage} × {replicas}: {e.Message}");
        }
    }
}
