using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get namespaces</c>: NAME STATUS AGE.</summary>
internal sealed class NamespaceTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Status", "The status of the namespace"),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement ns, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(ns));
        cells.WriteStringValue(ns.StringAt("status", "phase") ?? "");
        cells.WriteStringValue(AgeOf(ns, now));
    }
}
