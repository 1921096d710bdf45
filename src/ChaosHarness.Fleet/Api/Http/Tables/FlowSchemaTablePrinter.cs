using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get flowschemas</c>: NAME PRIORITYLEVEL MATCHINGPRECEDENCE DISTINGUISHERMETHOD AGE MISSINGPL.</summary>
internal sealed class FlowSchemaTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("PriorityLevel", "`name` is the name of the priority level configuration being referenced Required."),
        TableColumn.Text("MatchingPrecedence", "`matchingPrecedence` is used to choose among the FlowSchemas that match a given request. The chosen FlowSchema is among those with the numerically lowest (which we take to be logically highest) MatchingPrecedence."),
        TableColumn.Text("DistinguisherMethod", "`distinguisherMethod` defines how to compute the flow distinguisher for requests that match this schema. `nil` specifies that the distinguisher is disabled and thus will always be the empty string."),
        TableColumn.Age,
        TableColumn.Text("MissingPL", "references a broken or non-existent PriorityLevelConfiguration"),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement schema, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(schema));
        cells.WriteStringValue(schema.StringAt("spec", "priorityLevelConfiguration", "name") ?? "");
        cells.WriteNumberValue(schema.NumberAt("spec", "matchingPrecedence") ?? 0);
        cells.WriteStringValue(schema.StringAt("spec", "distinguisherMethod", "type") ?? None);
        cells.WriteStringValue(AgeOf(schema, now));
        var dangling = schema.ArrayAt("status", "conditions").FirstOrDefault(c => c.StringAt("type") == "Dangling");
        cells.WriteStringValue(dangling.ValueKind == JsonValueKind.Object ? dangling.StringAt("status") ?? "?" : "?");
    }
}
