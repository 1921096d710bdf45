using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get replicasets</c>: NAME DESIRED CURRENT READY AGE, and CONTAINERS, IMAGES, SELECTOR wide.</summary>
internal sealed class ReplicaSetTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Integer("Desired", "Number of desired pods. This is a pointer to distinguish between explicit zero and unspecified."),
        TableColumn.Integer("Current", "Replicas is the most recently observed number of replicas."),
        TableColumn.Integer("Ready", "The number of ready replicas for this replica set."),
        TableColumn.Age,
        TableColumn.Text("Containers", "Names of each container in the template.", 1),
        TableColumn.Text("Images", "Images referenced by each container in the template.", 1),
        TableColumn.Text("Selector", "Selector is a label query over pods that should match the replica count.", 1),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement replicaSet, DateTimeOffset now)
    {
        var template = replicaSet.At("spec", "template", "spec") ?? default;
        cells.WriteStringValue(NameOf(replicaSet));
        cells.WriteNumberValue(replicaSet.NumberAt("spec", "replicas") ?? 1);
        cells.WriteNumberValue(replicaSet.NumberAt("status", "replicas") ?? 0);
        cells.WriteNumberValue(replicaSet.NumberAt("status", "readyReplicas") ?? 0);
        cells.WriteStringValue(AgeOf(replicaSet, now));
        cells.WriteStringValue(Containers(template));
        cells.WriteStringValue(Images(template));
        cells.WriteStringValue(SelectorOf(replicaSet));
    }
}
