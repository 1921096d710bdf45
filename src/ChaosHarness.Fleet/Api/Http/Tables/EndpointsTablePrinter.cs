using System.Globalization;
using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get endpoints</c>: NAME ENDPOINTS AGE, the first three addresses then "+ N more...".</summary>
internal sealed class EndpointsTablePrinter : TablePrinter
{
    private const int Shown = 3;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Endpoints", "Endpoints is the list of endpoints in the subset."),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement endpoints, DateTimeOffset now)
    {
        var all = endpoints.ArrayAt("subsets").SelectMany(subset =>
        {
            var ports = subset.ArrayAt("ports").Select(p => p.NumberAt("port")).ToList();
            return subset.ArrayAt("addresses").SelectMany(a => ports.Count == 0
                ? [a.StringAt("ip") ?? ""]
                : ports.Select(p => string.Create(CultureInfo.InvariantCulture, $"{a.StringAt("ip")}:{p}")));
        }).ToList();
        var text = all.Count == 0 ? None
            : all.Count <= Shown ? string.Join(",", all)
            : string.Create(CultureInfo.InvariantCulture, $"{string.Join(",", all.Take(Shown))} + {all.Count - Shown} more...");

        cells.WriteStringValue(NameOf(endpoints));
        cells.WriteStringValue(text);
        cells.WriteStringValue(AgeOf(endpoints, now));
    }
}
