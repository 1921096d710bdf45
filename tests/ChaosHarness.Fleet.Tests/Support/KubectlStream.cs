using System.Diagnostics;
using System.Text;

namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>
/// A kubectl left running (<c>drain</c>, <c>rollout status</c>): collects what it prints on either stream as it prints it,
/// so that a test can wait for a line, act, then wait for kubectl to finish. Disposing it kills kubectl if it still runs.
/// </summary>
public sealed class KubectlStream : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _reading;
    private TaskCompletionSource _printed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KubectlStream(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(CollectAsync(process.StandardOutput, _output), CollectAsync(process.StandardError, _error));
    }

    /// <summary>Everything printed so far, both streams, line by line in the order they were read.</summary>
    public string Text
    {
        get
        {
            lock (_gate) return string.Join('\n', _lines);
        }
    }

    /// <summary>Waits until kubectl has printed a line that <paramref name="matches"/>, and returns it.</summary>
    public async Task<string> LineAsync(Func<string, bool> matches, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = 0;
        while (true)
        {
            Task printed;
            lock (_gate)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (matches(_lines[seen])) return _lines[seen];
                }

                printed = _printed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _reading.IsCompleted)
            {
                throw new TimeoutException($"kubectl did not print {what} within {within}; it printed:\n{Text}");
            }

            await Task.WhenAny(printed, _reading, Task.Delay(left)).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for kubectl to exit and returns what it printed.</summary>
    public async Task<KubectlResult> ExitAsync(TimeSpan within)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(within).ConfigureAwait(false);
            await _reading.WaitAsync(within).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"kubectl did not finish within {within}; it printed:\n{Text}");
        }

        lock (_gate) return new KubectlResult(_process.ExitCode, _output.ToString(), _error.ToString());
    }

    private async Task CollectAsync(StreamReader stream, StringBuilder into)
    {
        while (await stream.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            TaskCompletionSource printed;
            lock (_gate)
            {
                _lines.Add(line);
                into.AppendLine(line);
                printed = _printed;
                _printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            printed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _reading.ConfigureAwait(false);
        _process.Dispose();
    }
}
