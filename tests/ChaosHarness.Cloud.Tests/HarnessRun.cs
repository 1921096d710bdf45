using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Cloud.Tests;

/// <summary>One run of the harness as an experiment has it: a journal in a temporary directory and a fault injector.</summary>
public sealed class HarnessRun : IAsyncDisposable
{
    private HarnessRun(Core.Fleets.Fleet fleet, JournalDirectory directory, FaultJournal journal, FaultInjector injector)
    {
        Fleet = fleet;
        Directory = directory;
        Journal = journal;
        Injector = injector;
    }

    public Core.Fleets.Fleet Fleet { get; }

    public JournalDirectory Directory { get; }

    public FaultJournal Journal { get; }

    public RunId Run => Journal.Run;

    public FaultInjector Injector { get; }

    public static async Task<HarnessRun> StartAsync(Core.Fleets.Fleet fleet, UndoHandlers undoHandlers, ExperimentServices services)
    {
        var directory = new JournalDirectory(Path.Combine(Path.GetTempPath(), "chaos-cloud-tests", Guid.NewGuid().ToString("n")));
        var run = RunId.New(fleet.Clock.GetUtcNow());
        var journal = await FaultJournal.OpenAsync(directory.Path, run, fleet.Clock);
        var injector = new FaultInjector(fleet, run, journal, undoHandlers, new Timeline(fleet.Clock), services, new FaultInjectorOptions { RevertTimeout = TimeSpan.FromMinutes(10) });
        return new HarnessRun(fleet, directory, journal, injector);
    }

    public Task<IReadOnlyList<JournalEntry>> EntriesAsync() => Directory.ReadAsync(Run);

    public async Task<IReadOnlyList<JournalEntryKind>> JournalKindsAsync() => (await EntriesAsync()).Select(e => e.Kind).ToList();

    public async ValueTask DisposeAsync()
    {
        await Journal.DisposeAsync();
        if (System.IO.Directory.Exists(Directory.Path))
        {
            System.IO.Directory.Delete(Directory.Path, recursive: true);
        }
    }
}
