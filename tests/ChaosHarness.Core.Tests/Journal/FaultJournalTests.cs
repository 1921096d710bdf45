using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Journal;

public class FaultJournalTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    [Test]
    public async Task Entries_are_on_disk_when_append_returns()
    {
        using var dir = new TempDirectory();
        var run = new RunId("run-a");
        await using var journal = await FaultJournal.OpenAsync(dir.Path, run, _clock);

        await journal.AppendAsync(journal.Draft(JournalEntryKind.Intent) with
        {
            FaultId = "f1",
            Fault = "zone outage",
            Target = new FaultTarget("eu-west-1", Zones: ["eu-west-1a"]),
            Undo = [new UndoRecord("test/undo", "eu-west-1", "node n1", new JsonObject { ["node"] = "n1" })],
        });

        var entries = await new JournalDirectory(dir.Path).ReadAsync(run);
        Assert.That(entries, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(entries[0].Kind, Is.EqualTo(JournalEntryKind.Intent));
            Assert.That(entries[0].Run, Is.EqualTo("run-a"));
            Assert.That(entries[0].Sequence, Is.EqualTo(1));
            Assert.That(entries[0].At, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(entries[0].Target!.Zones, Is.EqualTo(new[] { "eu-west-1a" }));
            Assert.That(entries[0].Undo![0].RequireString("node"), Is.EqualTo("n1"));
        });
    }

    [Test]
    public async Task A_torn_last_line_from_a_crash_is_skipped()
    {
        using var dir = new TempDirectory();
        var run = new RunId("run-torn");
        await using (var journal = await FaultJournal.OpenAsync(dir.Path, run, _clock))
        {
            await journal.AppendAsync(journal.Draft(JournalEntryKind.RunStarted));
        }

        await File.AppendAllTextAsync(JournalDirectory.JournalPath(dir.Path, run), "{\"run\":\"run-torn\",\"seq");

        Assert.That(await new JournalDirectory(dir.Path).ReadAsync(run), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_run_is_alive_while_its_journal_is_open_and_dead_after()
    {
        using var dir = new TempDirectory();
        var run = new RunId("run-live");
        var directory = new JournalDirectory(dir.Path);

        var journal = await FaultJournal.OpenAsync(dir.Path, run, _clock);
        Assert.That(directory.IsAlive(run), Is.True);
        await Assert.ThrowsAsync<IOException>(() => FaultJournal.OpenAsync(dir.Path, run, _clock));

        await journal.DisposeAsync();
        Assert.That(directory.IsAlive(run), Is.False);
    }

    [Test]
    public async Task Reopening_a_journal_continues_its_sequence()
    {
        using var dir = new TempDirectory();
        var run = new RunId("run-seq");
        await using (var journal = await FaultJournal.OpenAsync(dir.Path, run, _clock))
        {
            await journal.AppendAsync(journal.Draft(JournalEntryKind.RunStarted));
            await journal.AppendAsync(journal.Draft(JournalEntryKind.RunFinished));
        }

        await using (var journal = await FaultJournal.OpenAsync(dir.Path, run, _clock))
        {
            var entry = await journal.AppendAsync(journal.Draft(JournalEntryKind.RunStarted));
            Assert.That(entry.Sequence, Is.EqualTo(3));
        }
    }

    [Test]
    public void Run_ids_are_valid_label_values()
    {
        var id = RunId.New(_clock.GetUtcNow());

        Assert.That(id.Value, Does.Match("^run-20261124-000000-[0-9a-f]{6}$"));
        Assert.Throws<ArgumentException>(() => _ = new RunId("bad/run"));
        Assert.Throws<ArgumentException>(() => _ = new RunId(new string('a', 64)));
    }
}
