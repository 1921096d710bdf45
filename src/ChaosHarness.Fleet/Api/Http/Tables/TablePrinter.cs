using System.Text.Json;
using ChaosHarness.Fleet.Api.Selectors;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary>
/// How <c>kubectl get</c> shows one kind: the columns, and each object's cells, worded as the real API server's printers
/// word them. Ages are measured on the fleet clock, as a real cluster measures them on its own.
/// </summary>
internal abstract class TablePrinter
{
    public abstract IReadOnlyList<TableColumn> Columns { get; }

    public abstract void WriteCells(Utf8JsonWriter cells, JsonElement obj, DateTimeOffset now);

    protected const string None = "<none>";

    protected static string NameOf(JsonElement obj) => obj.StringAt("metadata", "name") ?? "";

    protected static string AgeOf(JsonElement obj, DateTimeOffset now) => Since(obj.TimeAt("metadata", "creationTimestamp"), now);

    protected static string Since(DateTimeOffset? then, DateTimeOffset now) =>
        then is { } t ? HumanDuration.Format(now - t) : "<unknown>";

    protected static string OrNone(string? text) => string.IsNullOrEmpty(text) ? None : text;

    /// <summary>A <c>spec.selector</c> as the selector string the real printers show; <c>&lt;none&gt;</c> when absent or unreadable.</summary>
    protected static string SelectorOf(JsonElement obj)
    {
        if (obj.At("spec", "selector") is not { ValueKind: JsonValueKind.Object } selector) return None;
        try
        {
            return OrNone(LabelSelector.From(KubernetesJson.Deserialize<V1LabelSelector>(selector.GetRawText())).ToString());
        }
        catch (SelectorException)
        {
            return None;
        }
    }

    protected static string Containers(JsonElement podSpec) =>
        OrNone(string.Join(",", podSpec.ArrayAt("containers").Select(c => c.StringAt("name"))));

    protected static string Images(JsonElement podSpec) =>
        OrNone(string.Join(",", podSpec.ArrayAt("containers").Select(c => c.StringAt("image"))));
}
