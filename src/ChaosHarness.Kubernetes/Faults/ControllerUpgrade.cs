using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A controller upgrade: a controller's Deployment moves to another image (a new release, or a known-bad one that crash
/// loops, never gets ready or reconciles nothing). The journal keeps the exact previous pod template; revert restores it,
/// as <c>kubectl rollout undo</c> does — unless someone rolled out another template since.
/// </summary>
/// <param name="container">The container to upgrade; null when the pod has exactly one.</param>
public sealed class ControllerUpgrade(ObjectRef deployment, string image, string? container = null) : IFault
{
    public ControllerUpgrade(string cluster, string @namespace, string deployment, string image, string? container = null)
        : this(ObjectRef.Deployment(cluster, @namespace, deployment), image, container)
    {
    }

    public ObjectRef Deployment { get; } = deployment;

    public string Image { get; } = image;

    public string Name => $"upgrade of {Deployment.Display} to {Image}";

    public FaultTarget Target { get; } = new(deployment.Cluster, deployment.Namespace);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (Deployment.Kind != ResourceKind.Deployment)
        {
            throw new ArgumentException($"{Deployment} is not a Deployment.");
        }

        if (string.IsNullOrWhiteSpace(Image))
        {
            throw new ArgumentException($"No image to upgrade {Deployment} to.");
        }

        var rest = context.Services.Require<KubernetesFleet>().Connect(Deployment.Cluster).Rest;
        var current = await rest.GetAsync(Deployment.Kind, Deployment.Namespace, Deployment.Name, cancellationToken).ConfigureAwait(false)
                      ?? throw new InvalidOperationException($"{Deployment} does not exist.");
        var previous = current.At("spec.template") as JsonObject ?? throw new InvalidOperationException($"{Deployment} has no pod template.");
        var containers = previous.At("spec.containers") as JsonArray ?? [];
        var index = ContainerIndex(containers);
        var from = containers[index].Str("image");
        if (from == Image)
        {
            throw new InvalidOperationException($"{Deployment} already runs {Image}; there is nothing to upgrade.");
        }

        var applied = (JsonObject)previous.DeepClone();
        ((JsonObject)((JsonArray)applied.At("spec.containers")!)[index]!)["image"] = Image;
        var undo = new UndoRecord(TemplateRestoreUndoHandler.UndoKind, Deployment.Cluster, Deployment.Display, new JsonObject
        {
            ["kind"] = Deployment.Kind.Kind,
            ["group"] = Deployment.Kind.Group,
            ["version"] = Deployment.Kind.Version,
            ["plural"] = Deployment.Kind.Plural,
            ["namespace"] = Deployment.Namespace,
            ["name"] = Deployment.Name,
            ["previous"] = previous.DeepClone(),
            ["applied"] = applied.DeepClone(),
        });
        var name = containers[index].Str("name");
        return new FaultPlan(
            $"set {name} of {Deployment.Display} from {from} to {Image}",
            [new FaultChange($"set image {name}={Image} on {Deployment.Display}", undo, async ct =>
            {
                var patch = new JsonArray(
                    new JsonObject { ["op"] = "test", ["path"] = "/spec/template", ["value"] = previous.DeepClone() },
                    new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = applied.DeepClone() });
                await rest.PatchAsync(Deployment.Kind, Deployment.Namespace, Deployment.Name, PatchKind.Json, patch, ct).ConfigureAwait(false);
            })],
            new BlastRadiusImpact(Name, [], [], [new ClusterImpact(Deployment.Cluster, 0, 0)]));
    }

    private int ContainerIndex(JsonArray containers)
    {
        var names = containers.Select(c => c.Str("name")).ToList();
        if (container is null)
        {
            return names.Count == 1
                ? 0
                : throw new InvalidOperationException($"{Deployment} has {names.Count} containers ({string.Join(", ", names)}); name the one to upgrade.");
        }

        var index = names.IndexOf(container);
        return index >= 0 ? index : throw new InvalidOperationException($"{Deployment} has no container '{container}' (it has {string.Join(", ", names)}).");
    }
}
