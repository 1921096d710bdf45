using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Journal;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.SteadyState;
using ChaosHarness.Core.StopConditions;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Core.Traffic;

namespace ChaosHarness.Core.Experiments;

/// <summary>
/// One experiment against the fleet: steady state, drive, inject, expect, revert, recover, on one timeline.
/// Disposing it reverts every fault still in place — on pass, fail, timeout or cancellation — and closes the journal.
/// </summary>
public sealed class Experiment : IAsyncDisposable
{
    private readonly List<IInjectedFault> _faults = [];
    private readonly Lock _gate = new();
    private readonly FaultInjector _injector;
    private readonly IReadOnlyList<StopCondition> _stopConditions;
    private readonly IReadOnlyList<IAsyncDisposable> _owned;
    private readonly CancellationTokenSource _stop = new();
    private bool _stoppedFromOutside;
    private const int MaxProbePlaces = 1024;

    private readonly CancellationTokenSource _cancellation;
    private readonly IFleetObserver? _observer;
    private readonly Task _stopMonitor;
    private TrafficProbe? _probe;
    private ObservationContext _observation;
    private int _disposed;

    internal Experiment(
        string name,
        Fleet fleet,
        RunId run,
        ExperimentOptions options,
        FaultJournal? journal,
        ExperimentServices services,
        UndoHandlers undoHandlers,
        IReadOnlyList<StopCondition> stopConditions,
        Func<Experiment, IFleetObserver>? observer,
        IReadOnlyList<IAsyncDisposable> owned,
        CancellationToken cancellationToken)
    {
        Name = name;
        Fleet = fleet;
        Run = run;
        Options = options;
        Journal = journal;
        Services = services;
        UndoHandlers = undoHandlers;
        Timeline = new Timeline(fleet.Clock);
        State = new ObservedState(Timeline);
        Rollouts = new RolloutHistory(State);
        _observation = new ObservationContext(State, null, Timeline, fleet.Clock);
        _stopConditions = stopConditions;
        _owned = owned;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        _injector = new FaultInjector(fleet, run, journal, undoHandlers, Timeline, services, new FaultInjectorOptions
        {
            DryRun = options.DryRun,
            Output = options.Output,
            RevertTimeout = options.RevertTimeout,
        });
        _observer = observer?.Invoke(this);
        Timeline.Record(TimelineEventKind.Harness, "harness", name, $"experiment started: run {run}{(options.DryRun ? " (dry run)" : "")} on {fleet}");
        _stopMonitor = _stopConditions.Count == 0 ? Task.CompletedTask : MonitorStopConditionsAsync(_cancellation.Token);
    }

    public string Name { get; }

    public Fleet Fleet { get; }

    public RunId Run { get; }

    public ExperimentOptions Options { get; }

    public FaultJournal? Journal { get; }

    public ExperimentServices Services { get; }

    public UndoHandlers UndoHandlers { get; }

    public Timeline Timeline { get; }

    public ObservedState State { get; }

    /// <summary>Step, weight and phase of every watched rollout over the experiment.</summary>
    public RolloutHistory Rollouts { get; }

    public TimeProvider Clock => Fleet.Clock;

    public ObservationContext Observation => _observation;

    public TrafficRecord? Traffic => _probe?.Record;

    /// <summary>Cancelled when the caller cancels (NUnit timeout, Ctrl-C) or a stop condition trips.</summary>
    public CancellationToken Cancellation => _cancellation.Token;

    /// <summary>Why a stop condition ended the experiment, if one did.</summary>
    public string? StopReason { get; private set; }

    public IReadOnlyList<IInjectedFault> Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults.ToList();
            }
        }
    }

    /// <summary>Starts watching these kinds in every cluster and returns once each has its initial list.</summary>
    public async Task WatchAsync(params ResourceKind[] kinds)
    {
        if (_observer is null)
        {
            throw new InvalidOperationException("This experiment has no fleet observer; add a provider (e.g. UseKubernetes()).");
        }

        await _observer.WatchAsync(kinds, Cancellation).ConfigureAwait(false);
    }

    /// <summary>Probes <paramref name="url"/> (the fleet's traffic endpoint by default) at a steady rate until the experiment ends.</summary>
    public TrafficProbe StartTrafficProbe(Uri? url = null, TrafficProbeOptions? options = null, HttpMessageHandler? handler = null)
    {
        if (_probe is not null)
        {
            throw new InvalidOperationException("This experiment already probes traffic.");
        }

        var target = url ?? Fleet.TrafficUrl ?? throw new InvalidOperationException($"Fleet '{Fleet.Name}' has no traffic URL; pass the URL to probe.");
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = Timeout.InfiniteTimeSpan;

        // A round trip does not speed up with the fleet: on a fast fleet the probe's timeout keeps a wall-clock floor.
        options ??= new TrafficProbeOptions();
        var floor = TimeSpan.FromTicks((long)(TimeSpan.FromSeconds(2).Ticks * Fleet.Speed));
        if (options.Timeout < floor)
        {
            options = options with { Timeout = floor };
        }

        // Room for a whole timeout's worth of requests: a pause of the machine must not fill the probe's places, or
        // the probe would count its own saturation as failed requests of the application.
        var window = (int)Math.Min(MaxProbePlaces, Math.Ceiling(options.RequestsPerSecond * options.Timeout.TotalSeconds));
        if (options.MaxInFlight < window)
        {
            options = options with { MaxInFlight = window };
        }

        _probe = new TrafficProbe(http, target, Clock, options, Timeline);
        _observation = _observation with { Traffic = _probe.Record };
        _probe.Start();
        Timeline.Record(TimelineEventKind.Harness, "traffic", target.Authority, $"probing {target} at {_probe.Options.RequestsPerSecond:0.#}/s");
        return _probe;
    }

    /// <summary>
    /// Checks the hypothesis before anything is injected, waiting up to <paramref name="within"/> for it to hold.
    /// Throws <see cref="ExperimentInconclusiveException"/> if it does not: nothing is injected, nothing concluded.
    /// </summary>
    public async Task<SteadyStateReport> VerifySteadyStateAsync(SteadyStateHypothesis hypothesis, TimeSpan? within = null)
    {
        if (hypothesis.Reads.Count > 0)
        {
            await WatchAsync([.. hypothesis.Reads]).ConfigureAwait(false);
        }

        if (Options.DryRun && hypothesis.Evaluate(Observation, Clock.GetUtcNow()) is { Healthy: false } notNow)
        {
            // The plan did not make the drive steps before it, so the fleet may well not be there yet: say so and go on
            // to show the faults and expectations that would follow.
            Options.Output.WriteLine($"[dry run] {notNow}; a real run waits up to {Expectation.Seconds(within ?? TimeSpan.Zero)} for it and is inconclusive if it does not hold");
            Timeline.Record(TimelineEventKind.Harness, "harness", Name, $"dry run: {notNow}");
            return notNow;
        }

        try
        {
            await ExpectationRunner.RunAsync(new Recovers(hypothesis, within ?? TimeSpan.Zero), Observation, Cancellation).ConfigureAwait(false);
        }
        catch (ExpectationFailedException)
        {
            var report = hypothesis.Evaluate(Observation, Clock.GetUtcNow());
            Timeline.Record(TimelineEventKind.Harness, "harness", Name, $"inconclusive: {report}");
            throw new ExperimentInconclusiveException(report);
        }

        var healthy = hypothesis.Evaluate(Observation, Clock.GetUtcNow());
        Timeline.Record(TimelineEventKind.Harness, "harness", Name, healthy.ToString());
        return healthy;
    }

    public async Task<IInjectedFault> InjectAsync(IFault fault)
    {
        ThrowIfStopped();
        var injected = await _injector.InjectAsync(fault, Cancellation).ConfigureAwait(false);
        lock (_gate)
        {
            _faults.Add(injected);
        }

        await CatchUpAsync().ConfigureAwait(false);
        return injected;
    }

    public async Task<ExpectationResult> ExpectAsync(Expectation expectation)
    {
        ThrowIfStopped();
        if (Options.DryRun)
        {
            // Nothing was injected, so there is nothing to judge: the plan only says what would be expected.
            var now = Clock.GetUtcNow();
            Options.Output.WriteLine($"[dry run] would expect {expectation.Name}");
            Timeline.Record(TimelineEventKind.Expectation, "harness", expectation.Name, "dry run: not evaluated", now);
            return new ExpectationResult(expectation.Name, true, "dry run: not evaluated", now, now);
        }

        try
        {
            if (_observer is not null && expectation.Reads.Count > 0)
            {
                await _observer.WatchAsync(expectation.Reads, Cancellation).ConfigureAwait(false);
            }

            await CatchUpAsync().ConfigureAwait(false);

            return await ExpectationRunner.RunAsync(expectation, Observation, Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (StopReason is not null)
        {
            throw Stopped();
        }
    }

    /// <summary>Returns once the watched state shows every write made so far (bounded by <see cref="ExperimentOptions.CatchUpTimeout"/>).</summary>
    public async Task CatchUpAsync()
    {
        if (_observer is not null)
        {
            await _observer.CatchUpAsync(Options.CatchUpTimeout, Cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Records something the experiment did to drive the fleet (start a rollout, promote, scale…).</summary>
    public void RecordAction(string source, string subject, string change) => Timeline.Record(TimelineEventKind.Action, source, subject, change);

    /// <summary>Reverts every fault still in place, newest first. Every revert is attempted.</summary>
    public async Task RevertAllAsync()
    {
        var failures = new List<Exception>();
        foreach (var fault in Faults.AsEnumerable().Reverse())
        {
            try
            {
                await fault.RevertAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (FaultRevertException e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("Some faults could not be reverted; the journal keeps them for 'chaos revert'.", failures);
        }
    }

    private void ThrowIfStopped()
    {
        if (StopReason is not null)
        {
            throw Stopped();
        }

        Cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Ends the experiment now, from outside (Ctrl-C, a game day being cancelled): every fault is reverted, and whatever
    /// the experiment waits for fails with <paramref name="reason"/>.
    /// </summary>
    public Task StopAsync(string reason)
    {
        _stoppedFromOutside = StopReason is null;
        return StopAsync($"stopped: {reason}", reason);
    }

    private async Task StopAsync(string announcement, string reason)
    {
        StopReason ??= reason;
        Timeline.Record(TimelineEventKind.Harness, "harness", Name, $"{announcement}; reverting every fault");
        Options.Output.WriteLine(announcement);
        try
        {
            await RevertAllAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private ExperimentStoppedException Stopped() => new(StopReason!, Timeline.Format(Timeline.Snapshot()), _stoppedFromOutside);

    private async Task MonitorStopConditionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var stateVersion = State.Signal.Version;
                var trafficVersion = Traffic?.Signal.Version ?? 0;
                var now = Clock.GetUtcNow();

                // Armed only while a fault is in place: before it, a burning budget means the steady state is not met.
                var armed = Faults.Any(f => !f.IsDryRun && f.RevertedAt is null);
                var reason = armed ? _stopConditions.Select(c => c.Tripped(Observation, now)).FirstOrDefault(r => r is not null) : null;
                if (reason is not null)
                {
                    await StopAsync($"stop condition tripped: {reason}", reason).ConfigureAwait(false);
                    return;
                }

                using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var waits = new List<Task> { State.Signal.WaitPastAsync(stateVersion, wake.Token), Task.Delay(TimeSpan.FromSeconds(1), Clock, wake.Token) };
                if (Traffic is { } traffic)
                {
                    waits.Add(traffic.Signal.WaitPastAsync(trafficVersion, wake.Token));
                }

                await Task.WhenAny(waits).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Exception? revertFailure = null;
        try
        {
            await RevertAllAsync().ConfigureAwait(false);
        }
        catch (AggregateException e)
        {
            revertFailure = e;
        }

        await _cancellation.CancelAsync().ConfigureAwait(false);
        await _stopMonitor.ConfigureAwait(false);
        if (_probe is not null)
        {
            await _probe.DisposeAsync().ConfigureAwait(false);
        }

        if (_observer is not null)
        {
            await _observer.DisposeAsync().ConfigureAwait(false);
        }

        if (Journal is not null)
        {
            try
            {
                await Journal.AppendAsync(Journal.Draft(JournalEntryKind.RunFinished) with { Detail = StopReason ?? revertFailure?.Message }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The disk copy is written before any mirror; a mirror that cannot take the closing line changes nothing to revert.
                Options.Output.WriteLine($"journal: could not mirror the end of run {Run}: {e.Message}");
            }

            await Journal.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var owned in _owned.Reverse())
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _cancellation.Dispose();
        _stop.Dispose();
        if (revertFailure is not null)
        {
            throw revertFailure;
        }
    }
}
