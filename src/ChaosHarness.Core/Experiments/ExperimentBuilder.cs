using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.StopConditions;

namespace ChaosHarness.Core.Experiments;

/// <summary>
/// Composes an <see cref="Experiment"/>: the fleet, options, stop conditions, and whatever providers add
/// (services for faults, undo handlers, a fleet observer, journal mirrors). Providers extend it with
/// extension methods, e.g. <c>UseKubernetes()</c>.
/// </summary>
public sealed class ExperimentBuilder(Fleet fleet, string name)
{
    private readonly List<StopCondition> _stopConditions = [];
    private readonly List<Func<RunId, IJournalMirror>> _mirrors = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<Action<ExperimentBuilder>> _onStart = [];
    private ExperimentOptions _options = new();
    private Func<Experiment, IFleetObserver>? _observer;

    public Fleet Fleet { get; } = fleet;

    public string Name { get; } = name;

    public ExperimentServices Services { get; } = new();

    public UndoHandlers UndoHandlers { get; } = new();

    public ExperimentOptions Options => _options;

    public ExperimentBuilder Configure(Func<ExperimentOptions, ExperimentOptions> configure)
    {
        _options = configure(_options);
        return this;
    }

    public ExperimentBuilder WithDryRun(bool dryRun = true) => Configure(o => o with { DryRun = dryRun });

    public ExperimentBuilder WithOutput(TextWriter output) => Configure(o => o with { Output = output });

    public ExperimentBuilder WithJournalDirectory(string directory) => Configure(o => o with { JournalDirectory = directory });

    public ExperimentBuilder WithRunId(RunId run) => Configure(o => o with { Run = run });

    public ExperimentBuilder StopWhen(StopCondition condition)
    {
        _stopConditions.Add(condition);
        return this;
    }

    public ExperimentBuilder WithUndoHandler(IUndoHandler handler)
    {
        UndoHandlers.Add(handler);
        return this;
    }

    public ExperimentBuilder WithObserver(Func<Experiment, IFleetObserver> observer)
    {
        _observer = observer;
        return this;
    }

    public ExperimentBuilder WithJournalMirror(Func<RunId, IJournalMirror> mirror)
    {
        _mirrors.Add(mirror);
        return this;
    }

    /// <summary>Something a provider created for this experiment that must be disposed with it.</summary>
    public ExperimentBuilder Owns(IAsyncDisposable resource)
    {
        _owned.Add(resource);
        return this;
    }

    /// <summary>Runs when the experiment starts, once every option is known (providers configure themselves here).</summary>
    public ExperimentBuilder OnStart(Action<ExperimentBuilder> configure)
    {
        _onStart.Add(configure);
        return this;
    }

    public async Task<Experiment> StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var configure in _onStart)
        {
            configure(this);
        }

        var run = _options.Run ?? RunId.New(Fleet.Clock.GetUtcNow());
        FaultJournal? journal = null;
        if (!_options.DryRun)
        {
            journal = await FaultJournal.OpenAsync(_options.JournalDirectory, run, Fleet.Clock, cancellationToken).ConfigureAwait(false);
            foreach (var mirror in _mirrors)
            {
                journal.AddMirror(mirror(run));
            }

            await journal.AppendAsync(
                journal.Draft(JournalEntryKind.RunStarted) with { Detail = Name, Host = Environment.MachineName, ProcessId = Environment.ProcessId },
                cancellationToken).ConfigureAwait(false);
        }

        return new Experiment(Name, Fleet, run, _options, journal, Services, UndoHandlers, _stopConditions.ToList(), _observer, _owned.ToList(), cancellationToken);
    }
}
