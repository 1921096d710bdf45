using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Core.Timelines;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Faults;

public class FaultInjectorTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
    private readonly FlagWorld _world = new();
    private TempDirectory _dir = null!;
    private FaultJournal _journal = null!;
    private readonly RunId _run = new("run-test");

    [SetUp]
    public async Task OpenJournal()
    {
        _dir = new TempDirectory();
        _journal = await FaultJournal.OpenAsync(_dir.Path, _run, _clock);
    }

    [TearDown]
    public async Task CloseJournal()
    {
        await _journal.DisposeAsync();
        _dir.Dispose();
    }

    private FaultInjector Injector(BlastRadiusLimits? limits = null, bool dryRun = false, TextWriter? output = null, UndoHandlers? handlers = null)
        => new(
            TestFleets.TwoRegions(_clock, blastRadius: limits),
            _run,
            _journal,
            handlers ?? new UndoHandlers().Add(_world.UndoHandler),
            new Timeline(_clock),
            new ExperimentServices(),
            new FaultInjectorOptions { DryRun = dryRun, Output = output ?? TextWriter.Null });

    private Task<IReadOnlyList<JournalEntry>> Entries() => new JournalDirectory(_dir.Path).ReadAsync(_run);

    [Test]
    public async Task The_intent_and_its_undo_are_journaled_before_the_first_change()
    {
        var journaledBeforeApply = false;
        var fault = new RaiseFlags(_world, "eu-west-1", ["a", "b"])
        {
            BeforeApply = flag =>
            {
                if (flag == "a")
                {
                    var text = File.ReadAllText(JournalDirectory.JournalPath(_dir.Path, _run));
                    journaledBeforeApply = text.Contains("\"kind\":\"intent\"") && text.Contains("\"flag\":\"a\"") && text.Contains("\"flag\":\"b\"");
                }
            },
        };

        await using var injected = await Injector().InjectAsync(fault, CancellationToken.None);

        Assert.That(journaledBeforeApply, Is.True);
        Assert.That(_world.Raised.Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That((await Entries()).Select(e => e.Kind), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Injected }));
    }

    [Test]
    public async Task Disposing_the_injected_fault_reverts_it_in_reverse_order_once()
    {
        var injected = await Injector().InjectAsync(new RaiseFlags(_world, "eu-west-1", ["a", "b"]), CancellationToken.None);

        await injected.DisposeAsync();
        await injected.DisposeAsync();

        Assert.That(_world.Raised, Is.Empty);
        Assert.That(_world.Log, Is.EqualTo(new[] { "raise a", "raise b", "lower b", "lower a" }));
        Assert.That(injected.RevertedAt, Is.Not.Null);
        Assert.That((await Entries()).Select(e => e.Kind), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Injected, JournalEntryKind.Reverted }));
    }

    [Test]
    public async Task A_change_that_fails_midway_reverts_everything_planned_and_says_so()
    {
        var fault = new RaiseFlags(_world, "eu-west-1", ["a", "b", "c"]) { FailsOn = f => f == "b" };

        var e = (await Assert.ThrowsAsync<FaultInjectionException>(() => Injector().InjectAsync(fault, CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("after 1 of 3 change(s)").And.Contain("b refused").And.Contain("Everything applied was reverted"));
        Assert.That(_world.Raised, Is.Empty);
        Assert.That((await Entries()).Select(x => x.Kind), Is.EqualTo(new[] { JournalEntryKind.Intent, JournalEntryKind.Reverted }));
    }

    [Test]
    public async Task A_failed_revert_is_journaled_and_reported()
    {
        var handlers = new UndoHandlers().Add(new FlagWorld.LowerFlag(_world) { Fails = f => f == "a" });
        var injected = await Injector(handlers: handlers).InjectAsync(new RaiseFlags(_world, "eu-west-1", ["a", "b"]), CancellationToken.None);

        var e = (await Assert.ThrowsAsync<FaultRevertException>(async () => await injected.DisposeAsync()))!;

        Assert.That(e.Message, Does.Contain("cannot lower a").And.Contain("chaos revert"));
        Assert.That(_world.Raised.Keys, Is.EqualTo(new[] { "a" }));
        Assert.That((await Entries()).Last().Kind, Is.EqualTo(JournalEntryKind.RevertFailed));
    }

    [Test]
    public async Task A_dry_run_prints_every_change_and_changes_and_journals_nothing()
    {
        var output = new StringWriter();

        await using var injected = await Injector(dryRun: true, output: output).InjectAsync(new RaiseFlags(_world, "eu-west-1", ["a", "b"]), CancellationToken.None);

        Assert.That(injected.IsDryRun, Is.True);
        Assert.That(_world.Raised, Is.Empty);
        Assert.That(output.ToString(), Does.Contain("[dry run]   would raise flag a").And.Contain("[dry run]   would raise flag b"));
        Assert.That(await Entries(), Is.Empty);
    }

    [Test]
    public async Task A_cluster_outside_the_fleet_is_refused_before_planning()
    {
        var fault = new RaiseFlags(_world, "ap-south-1", ["a"]);

        var e = (await Assert.ThrowsAsync<GuardrailViolationException>(() => Injector().InjectAsync(fault, CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("ap-south-1"));
        Assert.That(fault.Planned, Is.Zero);
        Assert.That(await Entries(), Is.Empty);
    }

    [Test]
    public async Task A_namespace_outside_the_allow_list_is_refused_before_planning()
    {
        var fault = new RaiseFlags(_world, "eu-west-1", ["a"], @namespace: "kube-system");

        var e = (await Assert.ThrowsAsync<GuardrailViolationException>(() => Injector().InjectAsync(fault, CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("kube-system").And.Contain("allow-list"));
        Assert.That(fault.Planned, Is.Zero);
        Assert.That(await Entries(), Is.Empty);
    }

    [Test]
    public async Task A_zone_the_cluster_does_not_have_is_refused_before_planning()
    {
        var fault = new RaiseFlags(_world, "eu-west-1", ["a"], zone: "us-east-1a");

        await Assert.ThrowsAsync<GuardrailViolationException>(() => Injector().InjectAsync(fault, CancellationToken.None));
        Assert.That(fault.Planned, Is.Zero);
        Assert.That(await Entries(), Is.Empty);
    }

    [Test]
    public async Task A_fault_larger_than_the_blast_radius_is_refused_before_any_change()
    {
        var fault = new RaiseFlags(_world, "eu-west-1", ["a", "b", "c", "d"]);

        var e = (await Assert.ThrowsAsync<GuardrailViolationException>(() => Injector(new BlastRadiusLimits(MaxNodePercentPerFault: 30)).InjectAsync(fault, CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("4 of 10 nodes (40 %)").And.Contain("at most 30 %"));
        Assert.That(_world.Raised, Is.Empty);
        Assert.That(await Entries(), Is.Empty);
    }

    [Test]
    public async Task A_change_no_handler_can_undo_is_refused()
    {
        var e = (await Assert.ThrowsAsync<GuardrailViolationException>(() => Injector(handlers: new UndoHandlers()).InjectAsync(new RaiseFlags(_world, "eu-west-1", ["a"]), CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("test/flag"));
        Assert.That(_world.Raised, Is.Empty);
        Assert.That(await Entries(), Is.Empty);
    }
}
