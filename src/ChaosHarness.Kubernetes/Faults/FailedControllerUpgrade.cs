using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// A failed controller upgrade: the controller's Deployment moves to a known-bad image (crash loop, never ready,
/// reconciling wrongly). The journal keeps the exact previous pod template; revert restores it, as a rollout undo would.
/// </summary>
public sealed class FailedControllerUpgrade(ObjectRef deployment, string container, string badImage) : IFault
{
    public string Name => $"failed upgrade of {deployment.Display} to {badImage}";

    public FaultTarget Target { get; } = new(deployment.Cluster, deployment.Namespace);

    public async ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (deployment.Kind != ResourceKind.Deployment)
        {
            throw new ArgumentException($"{deployment} is not a Deployment.");
        }

        var rest = context.Services.Require<KubernetesFleet>().Connect(deployment.Cluster).Rest;
        var current = await rest.GetAsync(deployment.Kind, deployment.Namespace, deployment.Name, cancellationToken).ConfigureAwait(false)
                      ?? throw new InvalidOperationException($"{deployment} does not exist.");
        var previous = current.At("spec.template") as JsonObject ?? throw new InvalidOperationException($"{deployment} has no pod template.");
        var containers = previous.At("spec.containers") as JsonArray ?? [];
        var index = containers.Select((c, i) => (c, i)).FirstOrDefault(p => p.c.Str("name") == container, (null!, -1)).Item2;
        if (index < 0)
        {
            throw new InvalidOperationException($"{deployment} has no container '{container}'.");
        }

        var applied = (JsonObject)previous.DeepClone();
        ((JsonObject)((JsonArray)applied.At("spec.containers")!)[index]!)["image"] = badImage;
        var undo = new UndoRecord(TemplateRestoreUndoHandler.UndoKind, deployment.Cluster, deployment.Display, new JsonObject
        {
            ["kind"] = deployment.Kind.Kind,
            ["group"] = deployment.Kind.Group,
            ["version"] = deployment.Kind.Version,
            ["plural"] = deployment.Kind.Plural,
            ["namespace"] = deployment.Namespace,
            ["name"] = deployment.Name,
            ["previous"] = previous.DeepClone(),
            ["applied"] = applied.DeepClone(),
        });
        var replicas = current.Long("spec.replicas") ?? 1;
        return new FaultPlan(
            $"set {container} of {deployment.Display} from {containers[index].Str("image")} to {badImage}",
            [new FaultChange($"set image {container}={badImage} on {deployment.Display}", undo, async ct =>
            {
                var patch = new JsonArray(
                    new JsonObject { ["op"] = "test", ["path"] = "/spec/template", ["value"] = previous.DeepClone() },
                    new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = applied.DeepClone() });
                await rest.PatchAsync(deployment.Kind, deployment.Namespace, deployment.Name, PatchKind.Json, patch, ct).ConfigureAwait(false);
            })],
            new BlastRadiusImpact(Name, [], [], [new ClusterImpact(deployment.Cluster, 0, 0)]));
    }
}
