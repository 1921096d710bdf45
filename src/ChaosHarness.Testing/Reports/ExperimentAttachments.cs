using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosHarness.Core.Clock;
using ChaosHarness.Core.Experiments;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Kube.Access;
using ChaosHarness.Reporting;
using ChaosHarness.Reporting.Charts;

namespace ChaosHarness.Testing;

/// <summary>
/// What every experiment attaches when it ends: the timeline as a table (with the faults in place at each moment),
/// as JSON and as text; the run's journal entries; the charts; the API requests it made. The timeline text is also
/// kept under <c>reports/timelines/</c>.
/// </summary>
internal static class ExperimentAttachments
{
    private static readonly string[] TimelineHeader = ["fleet time", "kind", "source", "subject", "change", "faults in place"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static void Attach(Experiment experiment)
    {
        var events = experiment.Timeline.Snapshot().OrderBy(e => e.At).ToList();
        var faults = experiment.Faults.Where(f => !f.IsDryRun).ToList();
        var origin = experiment.Timeline.Origin;
        Report.AttachTable("timeline (fleet time)", TimelineHeader, events.Select(e => (IReadOnlyList<string>)
            [e.At.Relative(origin), e.Kind.ToString(), e.Source, e.Subject, e.Change, string.Join("; ", faults.Where(f => InPlace(f, e.At)).Select(f => f.Name))]));
        Report.AttachJson("timeline.json", JsonSerializer.Serialize(TimelineDocument(experiment, events, faults), Json));

        var text = $"{experiment.Name}{Environment.NewLine}run {experiment.Run} on {experiment.Fleet}{Environment.NewLine}{experiment.Timeline.Format()}";
        var directory = Path.Combine(ChaosRun.ReportsDirectory(), "timelines");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{Sanitize(experiment.Name)}-{experiment.Run}.txt");
        File.WriteAllText(file, text);
        TestContext.AddTestAttachment(file, "timeline (fleet time)");
        Report.AttachText("timeline (text)", text);

        if (experiment.Journal is { } journal && File.Exists(journal.Path))
        {
            // A run's journal has one writer at a time; should a run id be reused, only this experiment's faults are shown.
            var ids = faults.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            var lines = JournalJson.ReadLines(ReadShared(journal.Path).Split('\n'))
                .Where(e => e.FaultId is null || ids.Contains(e.FaultId))
                .Select(JournalJson.Serialize);
            Report.AttachText($"journal ({Path.GetFileName(journal.Path)})", string.Join('\n', lines) + "\n");
        }

        foreach (var chart in ExperimentCharts.For(experiment))
        {
            Report.AttachPng(chart.Title, ChartRenderer.RenderPng(chart));
        }

        if (experiment.Services.Find<KubernetesFleet>() is { } kubernetes)
        {
            var rates = kubernetes.Ledger.Rates(origin, experiment.Clock.GetUtcNow());
            TestContext.Progress.WriteLine($"API requests per fleet minute: {rates}");
            Report.AttachText("API requests per fleet minute", rates);
        }
    }

    private static object TimelineDocument(Experiment experiment, IReadOnlyList<TimelineEvent> events, IReadOnlyList<IInjectedFault> faults) => new
    {
        experiment = experiment.Name,
        run = experiment.Run.Value,
        fleet = experiment.Fleet.ToString(),
        origin = experiment.Timeline.Origin,
        faults = faults.Select(f => new { id = f.Id, name = f.Name, target = f.Target.ToString(), injectedAt = f.InjectedAt, revertedAt = f.RevertedAt }),
        events = events.Select(e => new
        {
            at = e.At,
            offsetSeconds = Math.Round((e.At - experiment.Timeline.Origin).TotalSeconds, 3),
            kind = e.Kind,
            source = e.Source,
            subject = e.Subject,
            change = e.Change,
        }),
    };

    private static bool InPlace(IInjectedFault fault, DateTimeOffset at) => fault.InjectedAt <= at && (fault.RevertedAt is not { } reverted || at < reverted);

    // The journal's writer may hold it open (a mirror closing late): read what is flushed.
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Sanitize(string name)
        => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_').Take(120).ToArray());
}
