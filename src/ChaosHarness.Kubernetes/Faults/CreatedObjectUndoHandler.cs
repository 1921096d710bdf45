using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Kube.Faults;

/// <summary>
/// Deletes an object a fault created — only if it still carries this run's label, so an object of the same name that
/// someone else made in between is left alone.
/// </summary>
public sealed class CreatedObjectUndoHandler(KubernetesFleet fleet) : IUndoHandler
{
    public const string UndoKind = "kubernetes/delete-created";

    public string Kind => UndoKind;

    public static UndoRecord For(string cluster, ResourceKind kind, string? @namespace, string name)
        => new(UndoKind, cluster, $"{kind.Kind} {(@namespace is null ? "" : @namespace + "/")}{name}", new JsonObject
        {
            ["kind"] = kind.Kind,
            ["group"] = kind.Group,
            ["version"] = kind.Version,
            ["plural"] = kind.Plural,
            ["namespace"] = @namespace,
            ["name"] = name,
        });

    public async ValueTask UndoAsync(UndoRecord undo, RunId run, CancellationToken cancellationToken)
    {
        var ns = undo.GetString("namespace");
        var kind = new ResourceKind(undo.RequireString("kind"), undo.GetString("group") ?? "", undo.RequireString("version"), undo.RequireString("plural"), ns is not null);
        var rest = fleet.Connect(undo.Cluster).Rest;
        var name = undo.RequireString("name");
        var existing = await rest.GetAsync(kind, ns, name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            return;
        }

        if ((existing.At("metadata.labels") as JsonObject)?[NodeOutageMarks.RunLabel]?.GetValue<string>() != run.Value)
        {
            throw new InvalidOperationException($"{undo.Subject} in {undo.Cluster} is not labelled as created by run {run}; left in place.");
        }

        await rest.DeleteAsync(kind, ns, name, cancellationToken).ConfigureAwait(false);
    }
}
