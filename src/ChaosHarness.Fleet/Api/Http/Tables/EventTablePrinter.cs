using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get events</c>: LAST SEEN TYPE REASON OBJECT MESSAGE, and SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME wide.</summary>
internal sealed class EventTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.Text("Last Seen", "The last time that the event was observed"),
        TableColumn.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
        TableColumn.Text("Reason", "Reason why the action was taken. It is human-readable. This field can have at most 128 characters."),
        TableColumn.Text("Object", "The object that this event is about."),
        TableColumn.Text("Subobject", "The subobject that this event is about.", 1),
        TableColumn.Text("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
        TableColumn.Text("Message", "A human-readable description of the status of this operation."),
        TableColumn.Text("First Seen", "The first time that the event was observed", 1),
        TableColumn.Integer("Count", "The number of times this event has occurred.", 1),
        TableColumn.Text("Name", "Name must be unique within a namespace.", 1) with { Format = "name" },
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement ev, DateTimeOffset now)
    {
        var eventTime = ev.TimeAt("eventTime");
        var first = ev.TimeAt("firstTimestamp") ?? eventTime ?? ev.TimeAt("metadata", "creationTimestamp");
        var last = ev.TimeAt("series", "lastObservedTime") ?? ev.TimeAt("lastTimestamp") ?? eventTime ?? first;
        var kind = (ev.StringAt("involvedObject", "kind") ?? "").ToLowerInvariant();
        var source = string.Join(", ", new[] { ev.StringAt("source", "component") ?? ev.StringAt("reportingComponent"), ev.StringAt("source", "host") }
            .Where(s => !string.IsNullOrEmpty(s)));

        cells.WriteStringValue(Since(last, now));
        cells.WriteStringValue(ev.StringAt("type") ?? "");
        cells.WriteStringValue(ev.StringAt("reason") ?? "");
        cells.WriteStringValue($"{kind}/{ev.StringAt("involvedObject", "name")}");
        cells.WriteStringValue(ev.StringAt("involvedObject", "fieldPath") ?? "");
        cells.WriteStringValue(source);
        cells.WriteStringValue((ev.StringAt("message") ?? "").Trim());
        cells.WriteStringValue(Since(first, now));
        cells.WriteNumberValue(ev.NumberAt("series", "count") ?? ev.NumberAt("count") ?? 1);
        cells.WriteStringValue(NameOf(ev));
    }
}
