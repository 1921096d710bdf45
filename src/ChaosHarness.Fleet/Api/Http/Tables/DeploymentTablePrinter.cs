using System.Globalization;
using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get deployments</c>: NAME READY UP-TO-DATE AVAILABLE AGE, and CONTAINERS, IMAGES, SELECTOR wide.</summary>
internal sealed class DeploymentTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Ready", "Number of the pod with ready state"),
        TableColumn.Integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        TableColumn.Integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumn.Age,
        TableColumn.Text("Containers", "Names of each container in the template.", 1),
        TableColumn.Text("Images", "Images referenced by each container in the template.", 1),
        TableColumn.Text("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement deployment, DateTimeOffset now)
    {
        var template = deployment.At("spec", "template", "spec") ?? default;
        cells.WriteStringValue(NameOf(deployment));
        cells.WriteStringValue(string.Create(CultureInfo.InvariantCulture,
            $"{deployment.NumberAt("status", "readyReplicas") ?? 0}/{deployment.NumberAt("spec", "replicas") ?? 1}"));
        cells.WriteNumberValue(deployment.NumberAt("status", "updatedReplicas") ?? 0);
        cells.WriteNumberValue(deployment.NumberAt("status", "availableReplicas") ?? 0);
        cells.WriteStringValue(AgeOf(deployment, now));
        cells.WriteStringValue(Containers(template));
        cells.WriteStringValue(Images(template));
        cells.WriteStringValue(SelectorOf(deployment));
    }
}
