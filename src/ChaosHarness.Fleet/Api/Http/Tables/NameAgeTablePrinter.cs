using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>The default Table for kinds without their own printer (custom resources among them): NAME and AGE.</summary>
internal sealed class NameAgeTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } = [TableColumn.NameColumn, TableColumn.Age];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement obj, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(obj));
        cells.WriteStringValue(AgeOf(obj, now));
    }
}
