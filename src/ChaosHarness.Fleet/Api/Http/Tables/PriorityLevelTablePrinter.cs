using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get prioritylevelconfigurations</c>: NAME TYPE NOMINALCONCURRENCYSHARES QUEUES HANDSIZE QUEUELENGTHLIMIT AGE.</summary>
internal sealed class PriorityLevelTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Type", "`type` indicates whether this priority level is subject to limitation on request execution.  A value of `\"Exempt\"` means that requests of this priority level are not subject to a limit (and thus are never queued) and do not detract from the capacity made available to other priority levels.  A value of `\"Limited\"` means that (a) requests of this priority level _are_ subject to limits and (b) some of the server's limited capacity is made available exclusively to this priority level. Required."),
        TableColumn.Text("NominalConcurrencyShares", "`nominalConcurrencyShares` (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level."),
        TableColumn.Text("Queues", "`queues` is the number of queues for this priority level."),
        TableColumn.Text("HandSize", "`handSize` is a small positive number that configures the shuffle sharding of requests into queues."),
        TableColumn.Text("QueueLengthLimit", "`queueLengthLimit` is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time."),
        TableColumn.Age,
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement level, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(level));
        cells.WriteStringValue(level.StringAt("spec", "type") ?? "");
        var limited = level.At("spec", "limited");
        var queuing = limited?.At("limitResponse", "queuing");
        WriteNumberOrNone(cells, limited?.NumberAt("nominalConcurrencyShares"));
        WriteNumberOrNone(cells, queuing?.NumberAt("queues"));
        WriteNumberOrNone(cells, queuing?.NumberAt("handSize"));
        WriteNumberOrNone(cells, queuing?.NumberAt("queueLengthLimit"));
        cells.WriteStringValue(AgeOf(level, now));
    }

    private static void WriteNumberOrNone(Utf8JsonWriter cells, long? value)
    {
        if (value is { } number) cells.WriteNumberValue(number);
        else cells.WriteStringValue(None);
    }
}
