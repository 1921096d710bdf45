using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get leases</c>: NAME HOLDER AGE.</summary>
internal sealed class LeaseTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Holder", "Name of the Lease holder"),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement lease, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(lease));
        cells.WriteStringValue(lease.StringAt("spec", "holderIdentity") ?? "");
        cells.WriteStringValue(AgeOf(lease, now));
    }
}
