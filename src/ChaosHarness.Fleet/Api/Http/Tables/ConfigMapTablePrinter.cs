using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get configmaps</c>: NAME DATA AGE.</summary>
internal sealed class ConfigMapTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Integer("Data", "Data contains the configuration data."),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement configMap, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(configMap));
        cells.WriteNumberValue(configMap.PropertiesAt("data").Count() + configMap.PropertiesAt("binaryData").Count());
        cells.WriteStringValue(AgeOf(configMap, now));
    }
}
