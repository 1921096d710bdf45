using System.Text.Json;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>Writes objects as a <c>meta.k8s.io</c> Table: column definitions, then one row of cells per object.</summary>
internal static class TableWriter
{
    public static void WriteStart(Utf8JsonWriter writer, ResourceType type, string tableApiVersion, long? resourceVersion,
        string? continueToken = null, long? remainingItemCount = null)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", tableApiVersion);
        writer.WriteStartObject("metadata");
        if (resourceVersion is { } rv) writer.WriteString("resourceVersion", rv.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (continueToken is not null) writer.WriteString("continue", continueToken);
        if (remainingItemCount is > 0) writer.WriteNumber("remainingItemCount", remainingItemCount.Value);
        writer.WriteEndObject();

        writer.WriteStartArray("columnDefinitions");
        foreach (var column in TablePrinters.For(type).Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteString("format", column.Format);
            writer.WriteString("description", column.Description);
            writer.WriteNumber("priority", column.Priority);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows");
    }

    public static void WriteRow(Utf8JsonWriter writer, StoredObject obj, string tableApiVersion, TableObjectPolicy include, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(obj.Json);
        var root = document.RootElement;
        writer.WriteStartObject();
        writer.WriteStartArray("cells");
        TablePrinters.For(obj.Type).WriteCells(writer, root, now);
        writer.WriteEndArray();
        switch (include)
        {
            case TableObjectPolicy.Object:
                writer.WritePropertyName("object");
                writer.WriteRawValue(obj.Json.Span, skipInputValidation: true);
                break;
            case TableObjectPolicy.Metadata:
                writer.WriteStartObject("object");
                writer.WriteString("kind", "PartialObjectMetadata");
                writer.WriteString("apiVersion", tableApiVersion);
                if (root.TryGetProperty("metadata", out var metadata))
                {
                    writer.WritePropertyName("metadata");
                    metadata.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }

    public static void WriteEnd(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A whole Table of one object, as a GET or a watch event carries it.</summary>
    public static void WriteSingle(Utf8JsonWriter writer, StoredObject obj, ResponseFormat format, DateTimeOffset now)
    {
        WriteStart(writer, obj.Type, format.TableApiVersion!, obj.ResourceVersion);
        WriteRow(writer, obj, format.TableApiVersion!, format.IncludeObject, now);
        WriteEnd(writer);
    }
}
