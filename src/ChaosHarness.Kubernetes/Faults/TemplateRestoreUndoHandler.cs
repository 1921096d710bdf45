using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// Puts back the pod template a failed upgrade replaced — as <c>kubectl rollout undo</c> does — but only while the
/// template is still the one the fault set: a fix someone rolled out in between is not undone.
/// </summary>
public sealed class TemplateRestoreUndoHandler(KubernetesFleet fleet) : IUndoHandler
{
    public const string UndoKind = "kubernetes/restore-template";
    private const int MaxConflicts = 10;

    public string Kind => UndoKind;

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var kind = new ResourceKind(undo.RequireString("kind"), undo.GetString("group") ?? "", undo.RequireString("version"), undo.RequireString("plural"), true);
        var ns = undo.RequireString("namespace");
        var name = undo.RequireString("name");
        var previous = undo.Data["previous"] ?? throw new InvalidOperationException($"Undo record for {undo.Subject} lacks the previous template.");
        var applied = undo.Data["applied"]?.ToJsonString();
        var rest = fleet.Connect(undo.Cluster).Rest;
        for (var attempt = 1; ; attempt++)
        {
            var current = await rest.GetAsync(kind, ns, name, cancellationToken).ConfigureAwait(false);
            var template = current?.At("spec.template");
            if (current is null || template?.ToJsonString() == previous.ToJsonString())
            {
                return;
            }

            if (template?.ToJsonString() != applied)
            {
                throw new InvalidOperationException($"{undo.Subject} in {undo.Cluster} was changed since the fault set its template; left as it is.");
            }

            var patch = new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/spec/template", ["value"] = template!.DeepClone() },
                new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = previous.DeepClone() });
            try
            {
                await rest.PatchAsync(kind, ns, name, PatchKind.Json, patch, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (KubernetesApiException e) when ((e.IsConflict || (int)e.StatusCode == 422) && attempt < MaxConflicts)
            {
            }
        }
    }
}
