using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get pdb</c>: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.</summary>
internal sealed class PodDisruptionBudgetTablePrinter : TablePrinter
{
    private const string NotApplicable = "N/A";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Min Available", "The minimum number of pods that must be available."),
        TableColumn.Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
        TableColumn.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement pdb, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(pdb));
        cells.WriteStringValue(pdb.StringAt("spec", "minAvailable") ?? NotApplicable);
        cells.WriteStringValue(pdb.StringAt("spec", "maxUnavailable") ?? NotApplicable);
        cells.WriteNumberValue(pdb.NumberAt("status", "disruptionsAllowed") ?? 0);
        cells.WriteStringValue(AgeOf(pdb, now));
    }
}
