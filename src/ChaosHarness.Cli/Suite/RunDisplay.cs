using ChaosHarness.Core.Experiments;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>
/// Progress while the suite runs, fed by the runner's events and the experiments on the <see cref="ProgressBoard"/>.
/// On a terminal: one live line per running experiment (experiment, last step, fleet time, faults in place), redrawn in
/// place, with each verdict printed above it. When output is redirected: plain lines — each experiment's start, every
/// step the harness takes (drive, inject, expectations, revert, steady state) and its verdict. In a plan, the harness's
/// own dry-run lines (every change it would make) are printed in either case.
/// </summary>
internal sealed class RunDisplay : IProgress<SuiteProgress>, IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly bool _plan;
    private readonly Lock _gate = new();
    private readonly Dictionary<Experiment, int> _running = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresh;
    private int _liveLines;

    /// <param name="live">Redraw live lines (a terminal); otherwise print plain lines.</param>
    /// <param name="plan">A dry run: print what the harness says it would do instead of the steps it took.</param>
    public RunDisplay(TextWriter output, bool live, bool plan)
    {
        _output = output;
        _live = live;
        _plan = plan;
        ProgressBoard.Started += OnStarted;
        ProgressBoard.Ended += OnEnded;
        _refresh = RefreshAsync(_stop.Token);
    }

    /// <summary>Whether this process writes to a terminal that can redraw lines.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    public void Report(SuiteProgress value)
    {
        switch (value)
        {
            case SuiteProgress.Started started when !_live:
                WriteLine($"▶ {ExperimentActivity.ShortName(started.FullName)}");
                break;
            case SuiteProgress.Output output when _plan:
                WriteLine($"  {output.Text}");
                break;
            case SuiteProgress.Finished finished:
                var verdict = finished.Verdict;
                WriteLine($"{SuiteSummary.Word(verdict.Outcome)} {ExperimentActivity.ShortName(verdict.FullName)} ({SuiteSummary.Seconds(verdict.Duration)})"
                    + (verdict.Outcome == ExperimentOutcome.Passed || verdict.Headline is null ? "" : $": {verdict.Headline}"));
                break;
        }
    }

    /// <summary>Prints a line above the live lines.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            ClearLive();
            _output.WriteLine(line);
            DrawLive();
        }
    }

    private void OnStarted(Experiment experiment)
    {
        lock (_gate)
        {
            _running[experiment] = 0;
        }
    }

    private void OnEnded(Experiment experiment)
    {
        lock (_gate)
        {
            ClearLive();
            PrintNewSteps(experiment);
            _running.Remove(experiment);
            DrawLive();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(_live ? 250 : 1000), TimeProvider.System);
        try
        {
            while (await tick.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    ClearLive();
                    foreach (var experiment in _running.Keys.ToList())
                    {
                        PrintNewSteps(experiment);
                    }

                    DrawLive();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Plain output of a game day: the steps recorded on the experiment's timeline since the last call.</summary>
    private void PrintNewSteps(Experiment experiment)
    {
        if (_live || _plan || !_running.TryGetValue(experiment, out var printed))
        {
            return;
        }

        var steps = experiment.Timeline.Snapshot().Where(ExperimentActivity.IsStep).ToList();
        foreach (var step in steps.Skip(printed))
        {
            _output.WriteLine($"  {ExperimentActivity.Describe(step, experiment)}");
        }

        _running[experiment] = steps.Count;
    }

    private void DrawLive()
    {
        if (!_live)
        {
            return;
        }

        var width = Math.Max(40, WindowWidth() - 1);
        var lines = _running.Keys.Select(ExperimentActivity.Line).Select(l => l.Length > width ? l[..(width - 1)] + "…" : l).ToList();
        foreach (var line in lines)
        {
            _output.WriteLine(line);
        }

        _liveLines = lines.Count;
        _output.Flush();
    }

    private void ClearLive()
    {
        if (_live && _liveLines > 0)
        {
            // Up over the live lines, then erase to the end of the screen.
            _output.Write($"\u001b[{_liveLines}A\u001b[J");
            _liveLines = 0;
        }
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProgressBoard.Started -= OnStarted;
        ProgressBoard.Ended -= OnEnded;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _refresh.ConfigureAwait(false);
        lock (_gate)
        {
            ClearLive();
            _output.Flush();
        }

        _stop.Dispose();
    }
}
