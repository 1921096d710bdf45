using ChaosHarness.Core.Experiments;
using ChaosHarness.Testing.Running;

namespace ChaosHarness.Cli.Suite;

/// <summary>
/// Progress while the suite runs. On a terminal: one live line per running experiment (experiment, step, fleet time,
/// faults in place), redrawn in place, with finished experiments printed above. When output is redirected: plain lines —
/// each experiment's start, every step the harness takes (drive, inject, expect, revert), and its verdict.
/// </summary>
internal sealed class RunDisplay : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly bool _live;
    private readonly bool _printSteps;
    private readonly Lock _gate = new();
    private readonly Dictionary<Experiment, int> _stepsPrinted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresh;
    private int _liveLines;

    /// <param name="live">Redraw live lines (a terminal); otherwise print plain lines.</param>
    /// <param name="printSteps">Print every step as a line even on a terminal (the plan).</param>
    public RunDisplay(TextWriter output, bool live, bool printSteps)
    {
        _output = output;
        _live = live;
        _printSteps = printSteps || !live;
        ProgressBoard.Started += OnStarted;
        ProgressBoard.Ended += OnEnded;
        _refresh = RefreshAsync(_stop.Token);
    }

    /// <summary>Whether this process writes to a terminal that can redraw lines.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    /// <summary>Prints a line above the live lines (a verdict, a message).</summary>
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
            _stepsPrinted[experiment] = 0;
            if (!_live)
            {
                _output.WriteLine($"▶ {ExperimentActivity.ShortName(experiment.Name)} (run {experiment.Run}{(experiment.Options.DryRun ? ", dry run" : "")})");
            }
        }
    }

    private void OnEnded(Experiment experiment)
    {
        lock (_gate)
        {
            ClearLive();
            PrintNewSteps(experiment);
            _stepsPrinted.Remove(experiment);
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
                    foreach (var experiment in _stepsPrinted.Keys.ToList())
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

    private void PrintNewSteps(Experiment experiment)
    {
        if (!_printSteps || !_stepsPrinted.TryGetValue(experiment, out var printed))
        {
            return;
        }

        var steps = experiment.Timeline.Snapshot().Where(ExperimentActivity.IsStep).ToList();
        foreach (var step in steps.Skip(printed))
        {
            _output.WriteLine($"  {ExperimentActivity.ShortName(experiment.Name)} {ExperimentActivity.Describe(step, experiment.Timeline.Origin)}");
        }

        _stepsPrinted[experiment] = steps.Count;
    }

    private void DrawLive()
    {
        if (!_live)
        {
            return;
        }

        var width = Math.Max(40, SafeWindowWidth() - 1);
        var lines = _stepsPrinted.Keys.Select(ExperimentActivity.Line).Select(l => l.Length > width ? l[..(width - 1)] + "…" : l).ToList();
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

    private static int SafeWindowWidth()
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
