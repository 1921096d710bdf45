using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Core.Timelines;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Journal;

public class OrphanReverterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
    private readonly FlagWorld _world = new();

    /// <summary>Injects like a run that then dies: the journal is closed (lock released) without any revert.</summary>
    private async Task CrashAfterInjectingAsync(string directory, RunId run, params string[] flags)
    {
        var journal = await FaultJournal.OpenAsync(directory, run, _clock);
        var injector = new FaultInjector(TestFleets.TwoRegions(_clock), run, journal, new UndoHandlers().Add(_world.UndoHandler), new Timeline(_clock), new ExperimentServices(), new FaultInjectorOptions());
        await injector.InjectAsync(new RaiseFlags(_world, "eu-west-1", flags), CancellationToken.None);
        await journal.DisposeAsync();
    }

    [Test]
    public async Task Reverts_exactly_what_a_dead_run_left_and_nothing_of_others()
    {
        using var dir = new TempDirectory();
        await CrashAfterInjectingAsync(dir.Path, new RunId("run-dead"), "a", "b");
        _world.Raised["someone-elses"] = "a-person";
        var reverter = new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(_world.UndoHandler), _clock);

        var report = await reverter.RevertAsync();

        Assert.That(report.Succeeded, Is.True);
        Assert.That(report.Faults, Has.Count.EqualTo(1));
        Assert.That(report.Faults[0].Changes, Is.EqualTo(2));
        Assert.That(_world.Raised.Keys, Is.EqualTo(new[] { "someone-elses" }));
        Assert.That(report.ToString(), Does.Contain("reverted raise a,b (2 change(s))").And.Contain("run-dead"));
    }

    [Test]
    public async Task Reverting_twice_does_nothing_the_second_time()
    {
        using var dir = new TempDirectory();
        await CrashAfterInjectingAsync(dir.Path, new RunId("run-dead"), "a");
        var reverter = new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(_world.UndoHandler), _clock);

        await reverter.RevertAsync();
        var second = await reverter.RevertAsync();

        Assert.That(second.Faults, Is.Empty);
        var entries = await new JournalDirectory(dir.Path).ReadAsync(new RunId("run-dead"));
        Assert.That(entries.Last().Kind, Is.EqualTo(JournalEntryKind.Reverted));
        Assert.That(entries.Last().Detail, Does.StartWith("by revert from"));
    }

    [Test]
    public async Task A_live_run_is_left_alone()
    {
        using var dir = new TempDirectory();
        var live = new RunId("run-live");
        await using var journal = await FaultJournal.OpenAsync(dir.Path, live, _clock);
        var injector = new FaultInjector(TestFleets.TwoRegions(_clock), live, journal, new UndoHandlers().Add(_world.UndoHandler), new Timeline(_clock), new ExperimentServices(), new FaultInjectorOptions());
        await injector.InjectAsync(new RaiseFlags(_world, "eu-west-1", ["a"]), CancellationToken.None);
        var reverter = new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(_world.UndoHandler), _clock);

        var report = await reverter.RevertAsync();

        Assert.That(report.Faults, Is.Empty);
        Assert.That(report.SkippedLiveRuns, Is.EqualTo(new[] { "run-live" }));
        Assert.That(_world.Raised.Keys, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task Only_the_named_run_is_reverted_when_one_is_named()
    {
        using var dir = new TempDirectory();
        await CrashAfterInjectingAsync(dir.Path, new RunId("run-one"), "a");
        await CrashAfterInjectingAsync(dir.Path, new RunId("run-two"), "b");
        var reverter = new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(_world.UndoHandler), _clock);

        await reverter.RevertAsync(new RunId("run-two"));

        Assert.That(_world.Raised.Keys, Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public async Task A_fault_whose_revert_failed_is_tried_again()
    {
        using var dir = new TempDirectory();
        await CrashAfterInjectingAsync(dir.Path, new RunId("run-dead"), "a");
        var failing = new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(new FlagWorld.LowerFlag(_world) { Fails = _ => true }), _clock);
        var first = await failing.RevertAsync();
        Assert.That(first.Succeeded, Is.False);

        var second = await new OrphanReverter(new JournalDirectory(dir.Path), new UndoHandlers().Add(_world.UndoHandler), _clock).RevertAsync();

        Assert.That(second.Succeeded, Is.True);
        Assert.That(second.Faults, Has.Count.EqualTo(1));
        Assert.That(_world.Raised, Is.Empty);
    }
}
